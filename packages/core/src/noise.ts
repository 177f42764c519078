import type { ComparisonResult, Mismatch } from './comparison-result.js';

/**
 * The noise floor, after Diffy: the control run twice on the same request. Fields that differ
 * between the control and itself (timestamps, random ids) are noise; a candidate's mismatch
 * confined to noisy fields says nothing about the candidate.
 */

/** Fields named per mismatch beyond this many are summed up as one `…` field. */
export const MAX_FIELDS_PER_COMPARISON = 8;

/** The fields a comparison found different: `statusCode`, `header:<name>`, `body:<JSON pointer>` or `body`. */
export function differingFields(result: ComparisonResult): readonly string[] {
  const fields = new Set<string>();
  for (const mismatch of result.mismatches) for (const field of fieldsOf(mismatch)) fields.add(field);
  const sorted = [...fields].sort();
  if (sorted.length <= MAX_FIELDS_PER_COMPARISON) return Object.freeze(sorted);
  return Object.freeze([...sorted.slice(0, MAX_FIELDS_PER_COMPARISON), '…']);
}

function fieldsOf(mismatch: Mismatch): readonly string[] {
  switch (mismatch.comparator) {
    case 'statusCode':
      return ['statusCode'];
    case 'headers':
      return [`header:${mismatch.header}`];
    case 'body':
      return mismatch.kind === 'json'
        ? mismatch.differences.map((difference) => `body:${difference.path}`)
        : ['body'];
  }
}

/** Whether every field of a mismatch is one the control also differs in from itself. */
export function confinedToNoise(fields: readonly string[], noisyFields: ReadonlySet<string>): boolean {
  return fields.length > 0 && !fields.includes('…') && fields.every((field) => noisyFields.has(field));
}
