import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ExtensionsApiReceiver, isExtensionsApiPath, routeExtensionsApi } from './extensions-api.js';
import { readBoundedBody } from './request-body.js';

/** Lambda accepts function responses up to 6 MB plus a little framing: 6,291,556 bytes. */
export const responseLimitBytes = 6_291_556;
/** Error documents a runtime posts are small; anything bigger is cut. */
const errorBodyLimitBytes = 1_048_576;

const nextPath = '/2018-06-01/runtime/invocation/next';
const initErrorPath = '/2018-06-01/runtime/init/error';
const resultPattern = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/;

/** The answer to every accepted post, the same bytes each time. */
const accepted = JSON.stringify({ status: 'OK' });

/** What the Runtime API hands its environment: the process asked for work, answered, or failed to start. */
export interface RuntimeApiReceiver {
  handleNext(response: ServerResponse): void;
  /**
   * False when the request id is not the environment's current invocation. Otherwise the environment
   * calls `acknowledge` once the invocation is settled: the runtime's 202 is not on the invoker's path.
   */
  handleResult(requestId: string, body: Buffer, failed: boolean, acknowledge: () => void): boolean;
  handleResponseTooLarge(requestId: string, bytes: number, limitBytes: number): boolean;
  handleInitError(body: Buffer, errorType: string | undefined): void;
}

function answer(response: ServerResponse, statusCode: number, body: unknown): void {
  // A string body goes out with the headers in one write; a Buffer would take a writev.
  const text = body === accepted ? accepted : JSON.stringify(body);
  response.writeHead(statusCode, [
    'Content-Type',
    'application/json',
    'Content-Length',
    Buffer.byteLength(text),
  ]);
  response.end(text);
}

/**
 * One execution environment's Runtime API (and its Extensions API, same port as on AWS), on its own loopback port, so that AWS_LAMBDA_RUNTIME_API is a
 * plain `host:port` as on AWS: runtime clients that parse it as an HTTP authority (awslambdaric's
 * `http.client` does) reach every route. Opened before the process starts, closed when it is gone.
 */
export class RuntimeApiListener {
  readonly #server: Server;
  /** `127.0.0.1:<port>`, the value of AWS_LAMBDA_RUNTIME_API. */
  readonly hostPort: string;

  private constructor(server: Server, hostPort: string) {
    this.#server = server;
    this.hostPort = hostPort;
  }

  static open(receiver: RuntimeApiReceiver & ExtensionsApiReceiver): Promise<RuntimeApiListener> {
    const server = createServer({ keepAlive: true, noDelay: true }, (request, response) =>
      route(request, response, receiver),
    );
    // /next is held open for as long as the environment is idle; the listener lives exactly as long as it.
    server.requestTimeout = 0;
    server.keepAliveTimeout = 0;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        const { port } = server.address() as AddressInfo;
        resolve(new RuntimeApiListener(server, `127.0.0.1:${port}`));
      });
    });
  }

  close(): void {
    this.#server.close();
    this.#server.closeAllConnections();
  }
}

function route(
  request: IncomingMessage,
  response: ServerResponse,
  receiver: RuntimeApiReceiver & ExtensionsApiReceiver,
): void {
  const url = request.url ?? '';
  if (url === nextPath) {
    request.resume();
    if (request.method !== 'GET') methodNotAllowed(request, response);
    else receiver.handleNext(response);
    return;
  }
  const result = url === initErrorPath ? undefined : resultPattern.exec(url);
  if (url !== initErrorPath && !result && isExtensionsApiPath(url)) {
    routeExtensionsApi(request, response, receiver);
    return;
  }
  if (url !== initErrorPath && !result) {
    request.resume();
    answer(response, 404, { errorMessage: `No Runtime API route ${url}`, errorType: 'NotFound' });
    return;
  }
  if (request.method !== 'POST') {
    request.resume();
    methodNotAllowed(request, response);
    return;
  }
  const errorTypeHeader = request.headers['lambda-runtime-function-error-type'];
  const errorType = typeof errorTypeHeader === 'string' ? errorTypeHeader : undefined;
  const outcome = result?.[2];
  const limit = outcome === 'response' ? responseLimitBytes : errorBodyLimitBytes;
  readBoundedBody(request, limit).then(
    ({ body, bytes, tooLarge }) => {
      if (!result) {
        answer(response, 202, accepted);
        receiver.handleInitError(body, errorType);
        return;
      }
      const requestId = decodeURIComponent(result[1]!);
      if (tooLarge && outcome === 'response') {
        if (receiver.handleResponseTooLarge(requestId, bytes, responseLimitBytes)) {
          answer(response, 413, {
            errorMessage: `Exceeded maximum allowed payload size (${responseLimitBytes} bytes).`,
            errorType: 'RequestEntityTooLarge',
          });
        } else invalidRequestId(response);
        return;
      }
      const acknowledge = () => answer(response, 202, accepted);
      if (!receiver.handleResult(requestId, body, outcome === 'error', acknowledge))
        invalidRequestId(response);
    },
    () => response.destroy(),
  );
}

function invalidRequestId(response: ServerResponse): void {
  answer(response, 400, { errorMessage: 'Invalid request ID', errorType: 'InvalidRequestID' });
}

function methodNotAllowed(request: IncomingMessage, response: ServerResponse): void {
  answer(response, 405, {
    errorMessage: `Method ${request.method} not allowed`,
    errorType: 'MethodNotAllowed',
  });
}
