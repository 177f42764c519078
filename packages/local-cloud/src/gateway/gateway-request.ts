/** An HTTP request as the gateway received it, before it becomes a Lambda event. */
export interface GatewayRequest {
  method: string;
  /** The path under the service's `/<service>/<stage>` prefix, still percent-encoded, starting with `/`. */
  path: string;
  /** The query string without `?`, as sent. */
  rawQuery: string;
  /** Header names with the case the client sent, in order, repeated names kept. */
  headers: readonly (readonly [string, string])[];
  body: Buffer;
  sourceIp: string;
  protocol: string;
  /** The Host header, which stands in for the API's domain name. */
  host: string;
  receivedAt: Date;
  requestId: string;
}

/** What identifies the API a request reached. */
export interface ApiContext {
  service: string;
  stage: string;
  region: string;
  accountId: string;
  apiId: string;
  binaryMediaTypes: readonly string[];
}

/** `04/Mar/2020:19:15:17 +0000`, the format of `requestContext.requestTime` and `.time`. */
export function requestTime(date: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(
    date.getUTCHours(),
  )}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

/** Query pairs decoded, in order; a malformed escape is kept as sent. */
export function queryPairs(rawQuery: string): [string, string][] {
  if (rawQuery === '') return [];
  return rawQuery
    .split('&')
    .filter((part) => part !== '')
    .map((part) => {
      const equals = part.indexOf('=');
      const name = equals < 0 ? part : part.slice(0, equals);
      const value = equals < 0 ? '' : part.slice(equals + 1);
      return [decodeQuery(name), decodeQuery(value)];
    });
}

function decodeQuery(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return text;
  }
}

export function headerValue(request: GatewayRequest, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (let index = request.headers.length - 1; index >= 0; index--) {
    const header = request.headers[index]!;
    if (header[0].toLowerCase() === lower) return header[1];
  }
  return undefined;
}

/** Does `contentType` match one of `mediaTypes` (`image/png`, `image/*`, `*\/*`)? */
export function matchesMediaType(contentType: string | undefined, mediaTypes: readonly string[]): boolean {
  if (!contentType) return false;
  const candidates = contentType.split(',').map((value) => value.split(';')[0]!.trim().toLowerCase());
  return mediaTypes.some((pattern) => {
    const [type, subtype] = pattern.toLowerCase().split('/');
    return candidates.some((candidate) => {
      const [candidateType, candidateSubtype] = candidate.split('/');
      return (type === '*' || type === candidateType) && (subtype === '*' || subtype === candidateSubtype);
    });
  });
}

/** Content types an HTTP API passes as text; every other body arrives base64-encoded. */
export function isTextContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return (
    type.startsWith('text/') ||
    type === 'application/json' ||
    type === 'application/javascript' ||
    type === 'application/xml' ||
    type.endsWith('+json') ||
    type.endsWith('+xml')
  );
}
