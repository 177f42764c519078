import type { JsonDifference } from './json-difference.js';
import type { ErrorKind } from './observation.js';

export type ComparatorName = 'body' | 'statusCode' | 'headers';

export type Mismatch =
  | {
      readonly comparator: 'statusCode';
      readonly control: number | undefined;
      readonly candidate: number | undefined;
    }
  | {
      readonly comparator: 'headers';
      readonly header: string;
      readonly control: string | undefined;
      readonly candidate: string | undefined;
    }
  | { readonly comparator: 'body'; readonly kind: 'json'; readonly differences: readonly JsonDifference[] }
  /** Unified-diff lines (`@@ … @@`, ` same`, `-control`, `+candidate`). */
  | { readonly comparator: 'body'; readonly kind: 'text'; readonly lines: readonly string[] }
  /** Bodies compared by hash only: binary, or not kept. */
  | {
      readonly comparator: 'body';
      readonly kind: 'hash';
      readonly control?: string;
      readonly candidate?: string;
    };

export type Outcome = 'matched' | 'mismatched' | 'errored';

export interface ComparisonError {
  readonly variant: 'control' | 'candidate';
  readonly kind: ErrorKind;
  readonly message: string;
}

/** The verdict on one request: did the candidate behave like the control, and if not, how. */
export interface ComparisonResult {
  readonly controlId: string;
  readonly candidateId: string;
  readonly outcome: Outcome;
  readonly matched: boolean;
  readonly mismatched: boolean;
  readonly errored: boolean;
  /** Comparators that found a difference, in the order body, statusCode, headers. */
  readonly comparators: readonly ComparatorName[];
  readonly mismatches: readonly Mismatch[];
  /** Why there was nothing to compare, when errored. */
  readonly error?: ComparisonError;
  /** Several lines for logs and terminals. */
  toText(): string;
}

export function createComparisonResult(fields: {
  controlId: string;
  candidateId: string;
  mismatches?: readonly Mismatch[];
  error?: ComparisonError;
}): ComparisonResult {
  const mismatches = Object.freeze([...(fields.mismatches ?? [])]);
  const outcome: Outcome = fields.error ? 'errored' : mismatches.length > 0 ? 'mismatched' : 'matched';
  const order: readonly ComparatorName[] = ['body', 'statusCode', 'headers'];
  const result: ComparisonResult = {
    controlId: fields.controlId,
    candidateId: fields.candidateId,
    outcome,
    matched: outcome === 'matched',
    mismatched: outcome === 'mismatched',
    errored: outcome === 'errored',
    comparators: Object.freeze(order.filter((name) => mismatches.some((m) => m.comparator === name))),
    mismatches,
    ...(fields.error ? { error: Object.freeze({ ...fields.error }) } : {}),
    toText: () => renderResult(result),
  };
  return Object.freeze(result);
}

function renderResult(result: ComparisonResult): string {
  const heading = `${result.candidateId} vs ${result.controlId}: ${result.outcome}`;
  if (result.error) {
    return `${heading} (${result.error.variant} ${result.error.kind}: ${result.error.message})`;
  }
  if (result.matched) return heading;
  const lines = [`${heading} (${result.comparators.join(', ')})`];
  for (const mismatch of result.mismatches)
    lines.push(...renderMismatch(mismatch).map((line) => `  ${line}`));
  return lines.join('\n');
}

function renderMismatch(mismatch: Mismatch): string[] {
  switch (mismatch.comparator) {
    case 'statusCode':
      return [`status code: control ${show(mismatch.control)}, candidate ${show(mismatch.candidate)}`];
    case 'headers':
      return [
        `header ${mismatch.header}: control ${show(mismatch.control)}, candidate ${show(mismatch.candidate)}`,
      ];
    case 'body':
      if (mismatch.kind === 'json') {
        return mismatch.differences.map(
          (d) =>
            `body ${d.path === '' ? '(whole)' : d.path}: control ${show(d.control)}, candidate ${show(d.candidate)}`,
        );
      }
      if (mismatch.kind === 'text')
        return ['body (--- control, +++ candidate):', ...mismatch.lines.map((l) => `  ${l}`)];
      return [
        `body differs (sha256 control ${short(mismatch.control)}, candidate ${short(mismatch.candidate)})`,
      ];
  }
}

function show(value: unknown): string {
  return value === undefined ? '(absent)' : JSON.stringify(value);
}

function short(hash: string | undefined): string {
  return hash === undefined ? '(no body)' : hash.slice(0, 12);
}
