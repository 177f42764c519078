import { closest, distance } from 'fastest-levenshtein';

/** The known name a misspelling most likely meant, if any is close enough to be a plausible typo. */
export function suggestName(written: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined;
  const lower = written.toLowerCase();
  const caseOnly = known.find((name) => name.toLowerCase() === lower);
  if (caseOnly !== undefined) return caseOnly;
  const best = closest(
    lower,
    known.map((name) => name.toLowerCase()),
  );
  const allowed = Math.max(1, Math.floor(written.length / 3));
  if (distance(lower, best) > allowed) return undefined;
  return known.find((name) => name.toLowerCase() === best);
}
