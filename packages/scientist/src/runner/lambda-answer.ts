import {
  createObservation,
  type ErrorKind,
  type Observation,
  parseReportLine,
} from '@serverless-scientist/core';
import type { FunctionAnswer } from '../hand-off.js';

/** A Lambda proxy response read the way API Gateway reads it. */
interface HttpAnswer {
  readonly statusCode: number;
  readonly headers: Record<string, string | readonly string[]>;
  readonly body: string;
  readonly isBase64Encoded: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A `statusCode` means a full proxy response; an HTTP API also takes any other JSON value as a
 * 200 JSON body. Undefined when API Gateway would reject the response.
 */
function answerFromPayload(payload: unknown): HttpAnswer | undefined {
  if (isRecord(payload) && 'statusCode' in payload) {
    const statusCode = Number(payload.statusCode);
    if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) return undefined;
    const headers: Record<string, string | string[]> = {};
    if (isRecord(payload.multiValueHeaders)) {
      for (const [name, values] of Object.entries(payload.multiValueHeaders)) {
        if (Array.isArray(values)) headers[name] = values.map(String);
      }
    }
    if (isRecord(payload.headers)) {
      for (const [name, value] of Object.entries(payload.headers)) {
        const before = headers[name];
        headers[name] = before === undefined ? String(value) : [...before, String(value)];
      }
    }
    const body = payload.body;
    return {
      statusCode,
      headers,
      body: typeof body === 'string' ? body : body === undefined || body === null ? '' : JSON.stringify(body),
      isBase64Encoded: payload.isBase64Encoded === true,
    };
  }
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
    isBase64Encoded: false,
  };
}

function failed(variantId: string, kind: ErrorKind, message: string, durations: object): Observation {
  return createObservation({ variantId, error: { kind, message }, durations });
}

/** Turns a function's answer into an observation: a candidate's failure is data. */
export function observe(variantId: string, answer: FunctionAnswer): Observation {
  const { clientMs } = answer;
  if (answer.kind === 'failed') {
    const kind: ErrorKind = answer.failure === 'invoke-failed' ? 'error' : answer.failure;
    return failed(variantId, kind, answer.message, { clientMs });
  }
  const report = answer.logTail ? parseReportLine(answer.logTail) : undefined;
  const text = answer.payload;
  if (answer.functionError) {
    const message = errorMessageOf(text);
    const kind: ErrorKind = /Task timed out|Sandbox\.Timedout/i.test(text)
      ? 'timeout'
      : /ResponseSizeTooLarge|payload size exceeded/i.test(text)
        ? 'payload-too-large'
        : 'error';
    return createObservation({ variantId, error: { kind, message }, durations: { clientMs }, report });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return createObservation({
      variantId,
      error: { kind: 'error', message: 'the response payload is not JSON' },
      durations: { clientMs },
      report,
    });
  }
  const http = answerFromPayload(parsed);
  if (!http) {
    return createObservation({
      variantId,
      error: { kind: 'error', message: 'the response has no valid statusCode' },
      durations: { clientMs },
      report,
    });
  }
  return createObservation({ variantId, ...http, durations: { clientMs }, report });
}

function errorMessageOf(text: string): string {
  try {
    const error = JSON.parse(text) as { errorType?: string; errorMessage?: string };
    return [error.errorType, error.errorMessage].filter(Boolean).join(': ') || text.slice(0, 200);
  } catch {
    return text.slice(0, 200);
  }
}
