import { readFileSync } from 'node:fs';
import path from 'node:path';

/** One documented request and the control's answer to it, from `functions/<fn>/cases.json`. */
export interface FunctionCase {
  readonly name: string;
  readonly request: {
    readonly method: string;
    readonly path: string;
    readonly query?: Readonly<Record<string, string>>;
    readonly headers?: Readonly<Record<string, string>>;
    readonly body?: string;
  };
  readonly response: {
    readonly status: number;
    readonly headers?: Readonly<Record<string, string>>;
    readonly body?: string;
  };
}

/** The function's documented cases, the spec every variant answers (its README points at them). */
export function functionCases(root: string, functionName: string): readonly FunctionCase[] {
  const file = path.join(root, 'functions', functionName, 'cases.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { cases: FunctionCase[] }).cases;
}

/** A request and its answer, exactly as sent and received. */
export interface Exchange {
  readonly url: string;
  readonly status: number;
  readonly contentType: string | null;
  readonly body: string;
}

/** Sends a case's request to `base` (a URL ending where the case's path begins: `base + /round`). */
export async function sendCase(base: string, request: FunctionCase['request']): Promise<Exchange> {
  const url = new URL(`${base.replace(/\/+$/, '')}${request.path}`);
  for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.set(name, value);
  const response = await fetch(url, {
    method: request.method,
    headers: { ...(request.headers ?? {}) },
    ...(request.body === undefined ? {} : { body: request.body }),
    signal: AbortSignal.timeout(30_000),
  });
  return {
    url: url.toString(),
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: await response.text(),
  };
}

/** `GET /round?number=62.5`: a case's request as a reader would write it. */
export function describeRequest(request: FunctionCase['request']): string {
  const query = new URLSearchParams(request.query ?? {}).toString();
  return `${request.method} ${request.path}${query ? `?${query}` : ''}${request.body ? ` ${request.body}` : ''}`;
}

/** `200 text/plain "63"`, for details. */
export function describeAnswer(answer: { status: number; contentType: string | null; body: string }): string {
  const body = answer.body.length > 60 ? `${answer.body.slice(0, 57)}…` : answer.body;
  return `${answer.status} ${answer.contentType ?? '(no content-type)'} ${JSON.stringify(body)}`;
}

/** Where two answers differ (status, content-type, body), or null when they are byte for byte the same. */
export function answerDifference(
  expected: { status: number; contentType: string | null; body: string },
  actual: { status: number; contentType: string | null; body: string },
): string | null {
  if (expected.status !== actual.status) return `status ${actual.status}, expected ${expected.status}`;
  if ((expected.contentType ?? '') !== (actual.contentType ?? ''))
    return `content-type ${actual.contentType}, expected ${expected.contentType}`;
  if (expected.body !== actual.body)
    return `body ${JSON.stringify(clip(actual.body))}, expected ${JSON.stringify(clip(expected.body))}`;
  return null;
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
