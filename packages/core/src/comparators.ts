import { structuredPatch } from 'diff';
import { type ComparisonResult, createComparisonResult, type Mismatch } from './comparison-result.js';
import type { BodyComparison, ComparatorSettings } from './experiment.js';
import { jsonDifferences } from './json-difference.js';
import type { Observation } from './observation.js';

/** Lines of context around each change in a text body diff. */
const TEXT_CONTEXT_LINES = 2;

/** Compares a candidate's observation with the control's, as an experiment's comparators say. */
export function compare(
  settings: ComparatorSettings,
  control: Observation,
  candidate: Observation,
): ComparisonResult {
  const ids = { controlId: control.variantId, candidateId: candidate.variantId };
  for (const [variant, observation] of [
    ['control', control],
    ['candidate', candidate],
  ] as const) {
    if (observation.error)
      return createComparisonResult({ ...ids, error: { variant, ...observation.error } });
  }
  const mismatches: Mismatch[] = [];
  if (settings.body !== false) {
    const body = compareBodies(settings.body, control, candidate);
    if (body) mismatches.push(body);
  }
  if (settings.statusCode && control.statusCode !== candidate.statusCode) {
    mismatches.push({
      comparator: 'statusCode',
      control: control.statusCode,
      candidate: candidate.statusCode,
    });
  }
  for (const header of settings.headers) {
    const name = header.toLowerCase();
    if (control.headers[name] !== candidate.headers[name]) {
      mismatches.push({
        comparator: 'headers',
        header: name,
        control: control.headers[name],
        candidate: candidate.headers[name],
      });
    }
  }
  return createComparisonResult({ ...ids, mismatches });
}

function compareBodies(
  options: BodyComparison,
  control: Observation,
  candidate: Observation,
): Mismatch | undefined {
  const textual = (o: Observation) => (o.body !== undefined && !o.isBase64Encoded ? o.body : undefined);
  const a = textual(control);
  const b = textual(candidate);
  if (a === undefined || b === undefined) {
    if (control.bodyHash === candidate.bodyHash) return undefined;
    return {
      comparator: 'body',
      kind: 'hash',
      ...(control.bodyHash === undefined ? {} : { control: control.bodyHash }),
      ...(candidate.bodyHash === undefined ? {} : { candidate: candidate.bodyHash }),
    };
  }
  if (options.json) {
    const parsedA = parseJson(a);
    const parsedB = parseJson(b);
    if (parsedA.ok && parsedB.ok) {
      const differences = jsonDifferences(parsedA.value, parsedB.value, options);
      return differences.length === 0 ? undefined : { comparator: 'body', kind: 'json', differences };
    }
  }
  if (a === b) return undefined;
  const patch = structuredPatch('control', 'candidate', withFinalNewline(a), withFinalNewline(b), '', '', {
    context: TEXT_CONTEXT_LINES,
  });
  const lines = patch.hunks.flatMap((hunk) => [
    `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`,
    ...hunk.lines,
  ]);
  if (lines.length === 0) lines.push('(the bodies differ only in a final line break)');
  return { comparator: 'body', kind: 'text', lines: Object.freeze(lines) };
}

// Without it, a body differing only by its last line's ending would show as a confusing "\ No newline".
function withFinalNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}
