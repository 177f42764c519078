import { readFileSync } from 'node:fs';
import path from 'node:path';

/** What a variant answers: compared field by field with what it should answer. */
export interface ExpectedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface FunctionCase {
  name: string;
  request: {
    method: 'GET' | 'POST';
    path: string;
    query?: Record<string, string>;
    headers?: Record<string, string>;
    body?: string;
  };
  response: ExpectedResponse;
  /** Per variant (service name): the fields in which it answers otherwise, as its README says. */
  deviations?: Record<string, Partial<ExpectedResponse>>;
}

export interface FunctionCases {
  function: string;
  cases: FunctionCase[];
  /** fizzbuzz: the challenge's skeletons answer this to every valid request until written. */
  skeletons?: { variants: string[]; solutions: string; response: ExpectedResponse };
}

export function readCases(root: string, functionName: string): FunctionCases {
  return JSON.parse(readFileSync(path.join(root, 'functions', functionName, 'cases.json'), 'utf8'));
}

/** What this variant should answer to this case: the case's response with its deviations applied. */
export function expectedFor(
  cases: FunctionCases,
  functionCase: FunctionCase,
  service: string,
): ExpectedResponse {
  if (cases.skeletons?.variants.includes(service) && functionCase.response.status === 200) {
    return cases.skeletons.response;
  }
  const deviation = functionCase.deviations?.[service] ?? {};
  return {
    status: deviation.status ?? functionCase.response.status,
    headers: { ...functionCase.response.headers, ...deviation.headers },
    body: deviation.body ?? functionCase.response.body,
  };
}

/** Sends a case to a deployed route and reads back what the test compares. */
export async function ask(routeUrl: string, functionCase: FunctionCase): Promise<ExpectedResponse> {
  const url = new URL(routeUrl);
  for (const [name, value] of Object.entries(functionCase.request.query ?? {}))
    url.searchParams.set(name, value);
  const response = await fetch(url, {
    method: functionCase.request.method,
    headers: functionCase.request.headers,
    body: functionCase.request.body,
    signal: AbortSignal.timeout(60_000),
  });
  const headers: Record<string, string> = {};
  const expectedHeaders = Object.keys(functionCase.response.headers);
  for (const name of expectedHeaders) headers[name] = response.headers.get(name) ?? '(absent)';
  return { status: response.status, headers, body: await response.text() };
}
