import { type RequestFacts, trimSlashes } from '@serverless-scientist/core';

/**
 * The request as API Gateway handed it to the proxy, in either payload format, reduced to what
 * the scientist routes and records on. The original event is kept as is: the control receives it
 * unchanged.
 */

export type PayloadFormat = '1.0' | '2.0';

export interface GatewayEvent {
  readonly format: PayloadFormat;
  readonly method: string;
  /** Path without the stage prefix and without leading or trailing slashes, e.g. `round`. */
  readonly path: string;
  readonly query: string;
  /** Lower-cased header names; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
  readonly isBase64Encoded: boolean;
  readonly sourceIp: string | undefined;
  readonly event: Readonly<Record<string, unknown>>;
}

type Json = Record<string, unknown>;

/** A JSON field read as an object: anything else (absent, null, an array) reads as empty. */
export function asRecord(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

function lowerCaseHeaders(event: Json): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, values] of Object.entries(asRecord(event.multiValueHeaders))) {
    if (Array.isArray(values)) headers[name.toLowerCase()] = values.map(String).join(', ');
  }
  for (const [name, value] of Object.entries(asRecord(event.headers))) {
    if (typeof value === 'string' && !(name.toLowerCase() in headers)) headers[name.toLowerCase()] = value;
  }
  return headers;
}

function queryOf(event: Json, format: PayloadFormat): string {
  if (format === '2.0') return typeof event.rawQueryString === 'string' ? event.rawQueryString : '';
  const multi = asRecord(event.multiValueQueryStringParameters);
  const single = asRecord(event.queryStringParameters);
  const params = new URLSearchParams();
  const names = new Set([...Object.keys(multi), ...Object.keys(single)]);
  for (const name of names) {
    const values = multi[name];
    if (Array.isArray(values)) for (const value of values) params.append(name, String(value));
    else params.append(name, String(single[name]));
  }
  return params.toString();
}

/** Reads an API Gateway event (REST payload 1.0 or HTTP API 2.0). */
export function readGatewayRequest(raw: unknown): GatewayEvent {
  const event = asRecord(raw);
  const context = asRecord(event.requestContext);
  const format: PayloadFormat = event.version === '2.0' ? '2.0' : '1.0';
  const http = asRecord(context.http);
  const method = String(format === '2.0' ? (http.method ?? '') : (event.httpMethod ?? '')).toUpperCase();
  const path = String(format === '2.0' ? (event.rawPath ?? http.path ?? '') : (event.path ?? ''));
  const sourceIp = format === '2.0' ? http.sourceIp : asRecord(context.identity).sourceIp;
  return {
    format,
    method,
    path: trimSlashes(path),
    query: queryOf(event, format),
    headers: lowerCaseHeaders(event),
    body: typeof event.body === 'string' ? event.body : undefined,
    isBase64Encoded: event.isBase64Encoded === true,
    sourceIp: typeof sourceIp === 'string' ? sourceIp : undefined,
    event,
  };
}

/**
 * What serving decisions read of a request: its headers, its query (a repeated parameter by its
 * first value) and the caller's address.
 */
export function requestFactsOf(request: GatewayEvent): RequestFacts {
  const query: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(request.query)) if (!(name in query)) query[name] = value;
  return {
    headers: request.headers,
    query,
    ...(request.sourceIp === undefined ? {} : { sourceIp: request.sourceIp }),
  };
}
