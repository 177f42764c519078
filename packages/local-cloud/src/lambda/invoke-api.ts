import type { IncomingMessage, ServerResponse } from 'node:http';
import { raised } from '../incidents.js';
import { invalidParameter, requestTooLarge } from './errors.js';
import type { InvocationType, InvokeOptions, InvokeOutcome, LogType } from './invoke-outcome.js';
import { readBoundedBody } from './request-body.js';

/** Lambda's request limits: 6 MB for synchronous invokes, 1 MB for asynchronous (Event) ones. */
export const synchronousRequestLimitBytes = 6_291_456;
export const asynchronousRequestLimitBytes = 1_048_576;

const invokePattern = /^\/2015-03-31\/functions\/([^/?]+)\/invocations(?:\?(.*))?$/;

export type InvokeFunction = (
  name: string,
  payload: Uint8Array,
  options: InvokeOptions & { qualifier?: string },
) => Promise<InvokeOutcome>;

function writeOutcome(response: ServerResponse, outcome: InvokeOutcome): void {
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/json',
    'Content-Length': outcome.payload.byteLength,
  };
  if (outcome.requestId) headers['x-amzn-RequestId'] = outcome.requestId;
  if (outcome.errorType) {
    headers['x-amzn-errortype'] = outcome.errorType;
  } else {
    headers['X-Amz-Executed-Version'] = '$LATEST';
  }
  if (outcome.functionError) headers['X-Amz-Function-Error'] = outcome.functionError;
  if (outcome.logResult) headers['X-Amz-Log-Result'] = outcome.logResult;
  if (outcome.retryAfterSeconds !== undefined) headers['Retry-After'] = outcome.retryAfterSeconds;
  response.writeHead(outcome.statusCode, headers);
  response.end(outcome.payload);
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The Invoke operation of the Lambda API, as the AWS SDK calls it. Returns false for other paths. */
export function handleInvokeApi(
  request: IncomingMessage,
  response: ServerResponse,
  invoke: InvokeFunction,
): boolean {
  const match = invokePattern.exec(request.url ?? '');
  if (!match) return false;
  const fail = (outcome: InvokeOutcome) => {
    request.resume();
    writeOutcome(response, outcome);
  };
  if (request.method !== 'POST') {
    fail(invalidParameter(`Invoke expects POST, got ${request.method}`).toOutcome());
    return true;
  }
  const invocationType = (headerValue(request, 'x-amz-invocation-type') ??
    'RequestResponse') as InvocationType;
  if (!['RequestResponse', 'Event', 'DryRun'].includes(invocationType)) {
    fail(
      invalidParameter(
        `Invalid X-Amz-Invocation-Type '${invocationType}': use RequestResponse, Event or DryRun`,
      ).toOutcome(),
    );
    return true;
  }
  const logType = (headerValue(request, 'x-amz-log-type') ?? 'None') as LogType;
  const clientContext = headerValue(request, 'x-amz-client-context');
  const qualifier = new URLSearchParams(match[2] ?? '').get('Qualifier') ?? undefined;
  const limit = invocationType === 'Event' ? asynchronousRequestLimitBytes : synchronousRequestLimitBytes;
  readBoundedBody(request, limit)
    .then(
      ({ body, tooLarge }) => {
        if (tooLarge) {
          writeOutcome(response, requestTooLarge(limit).toOutcome());
          return;
        }
        const options: InvokeOptions & { qualifier?: string } = { invocationType, logType };
        if (clientContext) options.clientContext = clientContext;
        if (qualifier) options.qualifier = qualifier;
        return invoke(decodeURIComponent(match[1]!), body, options).then((outcome) =>
          writeOutcome(response, outcome),
        );
      },
      () => response.destroy(),
    )
    .catch((error: unknown) => {
      raised(`invoke ${match[1]}`, error);
      const text = JSON.stringify({
        Type: 'Service',
        message: `Internal error: ${(error as Error).message}`,
      });
      if (!response.headersSent) {
        response.writeHead(500, {
          'Content-Type': 'application/json',
          'x-amzn-errortype': 'ServiceException',
        });
      }
      response.end(text);
    });
  return true;
}
