import { ALWAYS_REDACTED_HEADERS, type RecordSettings } from '@serverless-scientist/core';
import { readGatewayRequest } from '../api-gateway-event.js';
import type { RequestSummary } from '../results/request-record.js';
import { replayCommand } from './replay-command.js';

const REDACTED = '(redacted)';

/**
 * What the results keep of a request: its summary (secret headers redacted) and a curl that
 * replays it against the scientist. The runner derives both from the event the proxy handed on,
 * so the client's path builds neither.
 */
export function summarizeRequest(
  event: Readonly<Record<string, unknown>>,
  redact: Pick<RecordSettings, 'redactHeaders' | 'redactQuery'>,
  /** The scientist's own base URL (`scientistUrlFor`), which the replay goes to. */
  scientistUrl: string,
): { request: RequestSummary; curl: string } {
  const request = readGatewayRequest(event);
  const hidden = new Set([
    ...ALWAYS_REDACTED_HEADERS,
    ...redact.redactHeaders.map((name) => name.toLowerCase()),
  ]);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers))
    headers[name] = hidden.has(name) ? REDACTED : value;
  const query = redactedQuery(request.query, new Set(redact.redactQuery.map((name) => name.toLowerCase())));
  return {
    request: {
      method: request.method,
      path: request.path,
      query,
      headers,
      ...(request.body !== undefined ? { body: request.body } : {}),
    },
    // The replay carries no more than is stored.
    curl: replayCommand({ ...request, query, headers }, scientistUrl),
  };
}

/**
 * The query string with the values of the named parameters replaced, every other byte as sent
 * (re-encoding would change what the replay sends).
 */
export function redactedQuery(query: string, names: ReadonlySet<string>): string {
  if (query === '' || names.size === 0) return query;
  return query
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const rawName = equals < 0 ? pair : pair.slice(0, equals);
      let name: string;
      try {
        name = decodeURIComponent(rawName.replaceAll('+', ' ')).toLowerCase();
      } catch {
        name = rawName.toLowerCase();
      }
      return names.has(name) && equals >= 0 ? `${rawName}=${encodeURIComponent(REDACTED)}` : pair;
    })
    .join('&');
}
