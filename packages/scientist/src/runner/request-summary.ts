import { ALWAYS_REDACTED_HEADERS } from '../core-api.js';
import { readGatewayRequest } from '../proxy/gateway-request.js';
import type { RequestSummary } from '../results/request-record.js';
import { replayCommand } from './replay-command.js';

/** Headers whose values are never stored, whatever the experiment says. */
const SECRET_HEADERS = [...ALWAYS_REDACTED_HEADERS, 'x-api-key'];

/**
 * What the results keep of a request: its summary (secret headers redacted) and a curl that
 * replays it against the scientist. The runner derives both from the event the proxy handed on,
 * so the client's path builds neither.
 */
export function summarizeRequest(
  event: Readonly<Record<string, unknown>>,
  redactHeaders: readonly string[],
  /** The scientist's own base URL (`scientistUrlFor`), which the replay goes to. */
  scientistUrl: string,
): { request: RequestSummary; curl: string } {
  const request = readGatewayRequest(event);
  const hidden = new Set([...SECRET_HEADERS, ...redactHeaders.map((name) => name.toLowerCase())]);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers))
    headers[name] = hidden.has(name) ? '(redacted)' : value;
  return {
    request: {
      method: request.method,
      path: request.path,
      query: request.query,
      headers,
      ...(request.body !== undefined ? { body: request.body } : {}),
    },
    curl: replayCommand(request, scientistUrl),
  };
}
