import { createHash } from 'node:crypto';
import { InvalidValueError } from './errors.js';
import type { ReportMetrics } from './report-line.js';

/** Why a variant produced no response to compare. */
export type ErrorKind = 'error' | 'timeout' | 'throttled' | 'payload-too-large' | 'skipped';

export const ERROR_KINDS: readonly ErrorKind[] = Object.freeze([
  'error',
  'timeout',
  'throttled',
  'payload-too-large',
  'skipped',
]);

export interface ObservationError {
  readonly kind: ErrorKind;
  readonly message: string;
}

/** Durations as measured: by the caller around the invoke, and by Lambda on its REPORT line. */
export interface Durations {
  readonly clientMs?: number;
  readonly functionMs?: number;
  readonly billedMs?: number;
  readonly memorySizeMb?: number;
  readonly maxMemoryUsedMb?: number;
  /** Present only on a cold start. */
  readonly initMs?: number;
  /** The local cloud's CPU figures (REPORT line additions): see {@link ReportMetrics}. */
  readonly cpuMs?: number;
  readonly throttledMs?: number;
  readonly cpuWaitMs?: number;
}

export interface ObservationInput {
  readonly variantId: string;
  readonly statusCode?: number;
  /** Any case; multiple values are joined with `, ` as HTTP does. */
  readonly headers?: Readonly<Record<string, string | number | readonly string[] | undefined>>;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
  /** sha256 (hex) of the body's bytes, for when the body itself was not kept. */
  readonly bodyHash?: string;
  readonly durations?: Durations;
  /** Filled into `durations` (function, billed, memory, init). */
  readonly report?: ReportMetrics;
  readonly error?: ObservationError;
  /** Default: read from the REPORT line's note. */
  readonly unthrottled?: boolean;
}

/** The local cloud's REPORT note where it cannot give an environment its CPU quota. */
const UNTHROTTLED_NOTE = /\bCPU not throttled\b/;

/** What one variant did with one request: its response, or why there is none, and how long it took. */
export interface Observation {
  readonly variantId: string;
  readonly statusCode?: number;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly isBase64Encoded: boolean;
  /** sha256 (hex) of the body's bytes (decoded when base64); undefined when there is no body at all. */
  readonly bodyHash?: string;
  readonly durations: Durations;
  readonly error?: ObservationError;
  /** Failed in any way other than being skipped. */
  readonly errored: boolean;
  readonly timedOut: boolean;
  readonly throttled: boolean;
  readonly skipped: boolean;
  readonly coldStart: boolean;
  /** Ran without the CPU quota its memory size buys (the local cloud said so on its REPORT line). */
  readonly unthrottled: boolean;
}

export function createObservation(input: ObservationInput): Observation {
  const { statusCode, error } = input;
  if (statusCode !== undefined && !(Number.isInteger(statusCode) && statusCode >= 100 && statusCode <= 599)) {
    throw new InvalidValueError(
      `observation of ${input.variantId}: status code ${statusCode} is not 100–599`,
    );
  }
  if (error !== undefined && !ERROR_KINDS.includes(error.kind)) {
    throw new InvalidValueError(`observation of ${input.variantId}: unknown error kind '${error.kind}'`);
  }
  if (error === undefined && statusCode === undefined) {
    throw new InvalidValueError(`observation of ${input.variantId}: needs a status code or an error`);
  }
  const isBase64Encoded = input.isBase64Encoded ?? false;
  const bodyHash = input.body === undefined ? input.bodyHash : hashBody(input.body, isBase64Encoded);
  const given = Object.entries(input.durations ?? {}).filter(([, value]) => value !== undefined);
  const durations: Durations = { ...durationsFromReport(input.report), ...Object.fromEntries(given) };
  for (const [name, value] of Object.entries(durations)) {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      throw new InvalidValueError(`observation of ${input.variantId}: ${name} ${value} is not a duration`);
    }
  }
  return Object.freeze({
    variantId: input.variantId,
    ...(statusCode === undefined ? {} : { statusCode }),
    headers: Object.freeze(normaliseHeaders(input.headers ?? {})),
    ...(input.body === undefined ? {} : { body: input.body }),
    isBase64Encoded,
    ...(bodyHash === undefined ? {} : { bodyHash }),
    durations: Object.freeze(durations),
    ...(error === undefined ? {} : { error: Object.freeze({ kind: error.kind, message: error.message }) }),
    errored: error !== undefined && error.kind !== 'skipped',
    timedOut: error?.kind === 'timeout',
    throttled: error?.kind === 'throttled',
    skipped: error?.kind === 'skipped',
    coldStart: durations.initMs !== undefined,
    unthrottled: input.unthrottled ?? UNTHROTTLED_NOTE.test(input.report?.note ?? ''),
  });
}

export function hashBody(body: string, isBase64Encoded: boolean): string {
  return createHash('sha256')
    .update(Buffer.from(body, isBase64Encoded ? 'base64' : 'utf8'))
    .digest('hex');
}

function durationsFromReport(report: ReportMetrics | undefined): Durations {
  if (report === undefined) return {};
  return {
    functionMs: report.durationMs,
    billedMs: report.billedDurationMs,
    memorySizeMb: report.memorySizeMb,
    maxMemoryUsedMb: report.maxMemoryUsedMb,
    ...(report.initDurationMs === undefined ? {} : { initMs: report.initDurationMs }),
    ...(report.cpuTimeMs === undefined ? {} : { cpuMs: report.cpuTimeMs }),
    ...(report.throttledMs === undefined ? {} : { throttledMs: report.throttledMs }),
    ...(report.cpuWaitMs === undefined ? {} : { cpuWaitMs: report.cpuWaitMs }),
  };
}

function normaliseHeaders(headers: ObservationInput['headers'] & object): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : String(value);
    const key = name.toLowerCase();
    result[key] = result[key] === undefined ? text : `${result[key]}, ${text}`;
  }
  return result;
}

/**
 * Candidate ÷ control duration for one request, from Lambda's own figures when both sides have them
 * (less network noise), else from the client-side ones; undefined when they cannot be paired.
 */
export function durationRatio(control: Observation, candidate: Observation): number | undefined {
  const both = (pick: (d: Durations) => number | undefined) => {
    const a = pick(control.durations);
    const b = pick(candidate.durations);
    return a !== undefined && b !== undefined && a > 0 && b > 0 ? b / a : undefined;
  };
  if (control.error || candidate.error) return undefined;
  return both((d) => d.functionMs) ?? both((d) => d.clientMs);
}
