import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ExtensionEventType, extensionEventTypes, isExtensionEventType } from './extension-registry.js';
import { readBoundedBody } from './request-body.js';

const prefix = '/2020-01-01/extension/';
/** Registrations and error documents are small; anything bigger is cut. */
const bodyLimitBytes = 1_048_576;

/** What the Extensions API hands its environment. */
export interface ExtensionsApiReceiver {
  /** Answers the registration itself: it needs the environment's phase and function. */
  handleRegister(
    name: string,
    events: readonly ExtensionEventType[],
    acceptFeatures: string,
    response: ServerResponse,
  ): void;
  /** False when `id` names no registered extension. */
  handleExtensionNext(id: string, response: ServerResponse): boolean;
  /** False when `id` names no registered extension. */
  handleExtensionError(id: string, phase: 'init' | 'exit', errorType: string | undefined): boolean;
}

export function isExtensionsApiPath(url: string): boolean {
  return url.startsWith(prefix);
}

export function answerExtension(response: ServerResponse, statusCode: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(statusCode, [
    'Content-Type',
    'application/json',
    'Content-Length',
    Buffer.byteLength(text),
  ]);
  response.end(text);
}

function refuse(response: ServerResponse, statusCode: number, errorType: string, errorMessage: string): void {
  answerExtension(response, statusCode, { errorMessage, errorType });
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The Lambda Extensions API (`/2020-01-01/extension/…`), served on the same port as the Runtime
 * API as on AWS: register, `event/next`, `init/error` and `exit/error`.
 */
export function routeExtensionsApi(
  request: IncomingMessage,
  response: ServerResponse,
  receiver: ExtensionsApiReceiver,
): void {
  const route = (request.url ?? '').slice(prefix.length);
  const method = route === 'event/next' ? 'GET' : 'POST';
  if (!['register', 'event/next', 'init/error', 'exit/error'].includes(route)) {
    request.resume();
    refuse(response, 404, 'NotFound', `No Extensions API route ${request.url}`);
    return;
  }
  if (request.method !== method) {
    request.resume();
    refuse(response, 405, 'MethodNotAllowed', `Method ${request.method} not allowed`);
    return;
  }
  if (route === 'register') {
    register(request, response, receiver);
    return;
  }
  request.resume();
  const id = header(request, 'lambda-extension-identifier');
  const known =
    id !== undefined &&
    (route === 'event/next'
      ? receiver.handleExtensionNext(id, response)
      : receiver.handleExtensionError(
          id,
          route === 'init/error' ? 'init' : 'exit',
          header(request, 'lambda-extension-function-error-type'),
        ));
  if (!known) {
    refuse(
      response,
      403,
      'Extension.UnknownExtensionIdentifier',
      id === undefined ? 'Missing Lambda-Extension-Identifier header' : `Unknown extension identifier ${id}`,
    );
    return;
  }
  if (route !== 'event/next') answerExtension(response, 202, { status: 'OK' });
}

function register(request: IncomingMessage, response: ServerResponse, receiver: ExtensionsApiReceiver): void {
  const name = header(request, 'lambda-extension-name');
  readBoundedBody(request, bodyLimitBytes).then(
    ({ body }) => {
      if (!name) {
        refuse(response, 400, 'Extension.InvalidExtensionName', 'Missing Lambda-Extension-Name header');
        return;
      }
      let events: unknown;
      try {
        events = (JSON.parse(body.toString('utf8')) as { events?: unknown }).events;
      } catch {
        refuse(response, 400, 'Extension.InvalidRequest', 'The registration body is not JSON');
        return;
      }
      if (!Array.isArray(events) || !events.every(isExtensionEventType)) {
        refuse(
          response,
          400,
          'Extension.InvalidEventType',
          `"events" must be a list of ${extensionEventTypes.join(' and ')}, got ${JSON.stringify(events)}`,
        );
        return;
      }
      receiver.handleRegister(
        name,
        events,
        header(request, 'lambda-extension-accept-feature') ?? '',
        response,
      );
    },
    () => response.destroy(),
  );
}
