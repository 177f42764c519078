import type { Mismatch } from './comparison-result.js';

/** A request that differs in many places is grouped under its first few: enough to recognise it. */
export const MAX_MISMATCH_KEYS = 5;
const MAX_KEY_LENGTH = 200;

/**
 * Where one difference lies, as Diffy groups them: the comparator and the JSON path (array
 * indices as `*`, so one wrong field in a list is one group, not one per element) or the header.
 * E.g. `body /`, `body /items/*\/price`, `body (text)`, `statuscode`, `header content-type`.
 */
export function mismatchKeyOf(mismatch: Mismatch): string {
  if (mismatch.comparator === 'statusCode') return 'statuscode';
  if (mismatch.comparator === 'headers') return `header ${mismatch.header}`;
  if (mismatch.kind === 'text') return 'body (text)';
  if (mismatch.kind === 'hash') return 'body (bytes)';
  return 'body (json)';
}

/** The distinct places a comparison found, in order, at most `MAX_MISMATCH_KEYS`. */
export function mismatchKeys(mismatches: readonly Mismatch[]): readonly string[] {
  const keys = new Set<string>();
  for (const mismatch of mismatches) {
    const places =
      mismatch.comparator === 'body' && mismatch.kind === 'json'
        ? mismatch.differences.map((difference) => `body ${generalPath(difference.path)}`)
        : [mismatchKeyOf(mismatch)];
    for (const place of places) {
      keys.add(place.slice(0, MAX_KEY_LENGTH));
      if (keys.size >= MAX_MISMATCH_KEYS) return Object.freeze([...keys]);
    }
  }
  return Object.freeze([...keys]);
}

function generalPath(pointer: string): string {
  if (pointer === '') return '/';
  return pointer
    .split('/')
    .map((segment) => (/^\d+$/.test(segment) ? '*' : segment))
    .join('/');
}
