import { describe, expect, it } from 'vitest';
import {
  CANDIDATE_OUTCOMES,
  type ComparatorSettings,
  candidateOutcome,
  createObservation,
  judgeCandidate,
  type ObservationInput,
} from '../src/index.js';

const settings: ComparatorSettings = {
  body: { json: true, ignorePaths: [], tolerance: 0, unorderedArrays: false },
  statusCode: true,
  headers: [],
};
const observed = (variantId: string, input: Partial<ObservationInput> = {}) =>
  createObservation({ variantId, statusCode: 200, body: '{"value":62.5}', ...input });

describe('candidate outcomes', () => {
  it('answers each question with exactly one predicate, as a frozen value', () => {
    const table = Object.values(CANDIDATE_OUTCOMES).map((outcome) => [
      outcome.kind,
      ...(['matched', 'mismatched', 'errored', 'timedOut', 'skipped'] as const).filter((q) => outcome[q]),
    ]);
    expect(table).toEqual([
      ['match', 'matched'],
      ['mismatch', 'mismatched'],
      ['error', 'errored'],
      ['timeout', 'timedOut'],
      ['skipped', 'skipped'],
    ]);
    expect(Object.isFrozen(candidateOutcome('timeout'))).toBe(true);
    expect(candidateOutcome('match')).toBe(CANDIDATE_OUTCOMES.match);
  });

  it('judges a match, a mismatch with its places, and a candidate failure', () => {
    const control = observed('control');
    expect(judgeCandidate(settings, control, observed('c')).outcome.kind).toBe('match');
    const differs = judgeCandidate(settings, control, observed('c', { body: '{"value":63}' }));
    expect({ ...differs, comparison: undefined }).toEqual({
      outcome: CANDIDATE_OUTCOMES.mismatch,
      comparison: undefined,
      diff: 'c vs control: mismatched (body)\n  body /value: control 62.5, candidate 63',
      fields: ['body:/value'],
      mismatchKeys: ['body /value'],
    });
    const failures = (['timeout', 'error', 'throttled', 'skipped'] as const).map(
      (kind) =>
        judgeCandidate(
          settings,
          control,
          observed('c', { statusCode: undefined, error: { kind, message: kind } }),
        ).outcome.kind,
    );
    expect(failures).toEqual(['timeout', 'error', 'error', 'skipped']);
  });

  it('counts a control failure the candidate did not share as a mismatch, not its error', () => {
    const control = observed('control', { statusCode: undefined, error: { kind: 'error', message: 'boom' } });
    const judged = judgeCandidate(settings, control, observed('c'));
    expect([judged.outcome.kind, judged.mismatchKeys]).toEqual(['mismatch', ['control failed']]);
  });
});
