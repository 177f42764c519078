import { compare } from './comparators.js';
import type { ComparisonResult } from './comparison-result.js';
import type { ComparatorSettings } from './experiment.js';
import { mismatchKeys } from './mismatch-key.js';
import { differingFields } from './noise.js';
import type { Observation } from './observation.js';

/**
 * How one candidate fared against the control on one request. The words are the ones results,
 * logs and the tutorial's checks read (`outcome` of a stored request); the predicates are how
 * code asks.
 */
export type CandidateOutcomeKind = 'match' | 'mismatch' | 'error' | 'timeout' | 'skipped';

export interface CandidateOutcome {
  readonly kind: CandidateOutcomeKind;
  /** Answered like the control. */
  readonly matched: boolean;
  /** Answered, differently from the control (also where the control failed and it did not). */
  readonly mismatched: boolean;
  /** Failed in a way other than timing out or being skipped. */
  readonly errored: boolean;
  readonly timedOut: boolean;
  /** Not run for this request. */
  readonly skipped: boolean;
}

function outcome(kind: CandidateOutcomeKind): CandidateOutcome {
  return Object.freeze({
    kind,
    matched: kind === 'match',
    mismatched: kind === 'mismatch',
    errored: kind === 'error',
    timedOut: kind === 'timeout',
    skipped: kind === 'skipped',
  });
}

/** Every outcome, once: `CANDIDATE_OUTCOMES.match.matched` is true. */
export const CANDIDATE_OUTCOMES: Readonly<Record<CandidateOutcomeKind, CandidateOutcome>> = Object.freeze({
  match: outcome('match'),
  mismatch: outcome('mismatch'),
  error: outcome('error'),
  timeout: outcome('timeout'),
  skipped: outcome('skipped'),
});

/** The outcome a stored or logged word names. */
export function candidateOutcome(kind: CandidateOutcomeKind): CandidateOutcome {
  return CANDIDATE_OUTCOMES[kind];
}

/** A candidate's outcome with the differences behind a mismatch. */
export interface CandidateJudgement {
  readonly outcome: CandidateOutcome;
  /** The comparison, when the candidate answered. */
  readonly comparison?: ComparisonResult;
  /** Human-readable differences, for mismatches. */
  readonly diff?: string;
  /** The fields that differ, for mismatches (see the noise check). */
  readonly fields?: readonly string[];
  /** Where it differed, one key per place (`body /price`, `header content-type`), for grouping. */
  readonly mismatchKeys?: readonly string[];
}

/**
 * Classifies a candidate's observation against the control's. A candidate's own failure is its
 * outcome; where the control failed and the candidate answered, that is a difference in
 * behaviour, not the candidate's error.
 */
export function judgeCandidate(
  comparators: ComparatorSettings,
  control: Observation,
  candidate: Observation,
): CandidateJudgement {
  if (candidate.error) {
    const kind = candidate.timedOut ? 'timeout' : candidate.skipped ? 'skipped' : 'error';
    return Object.freeze({ outcome: CANDIDATE_OUTCOMES[kind] });
  }
  const comparison = compare(comparators, control, candidate);
  if (comparison.matched) return Object.freeze({ outcome: CANDIDATE_OUTCOMES.match, comparison });
  return Object.freeze({
    outcome: CANDIDATE_OUTCOMES.mismatch,
    comparison,
    diff: comparison.toText(),
    fields: differingFields(comparison),
    mismatchKeys: comparison.errored
      ? Object.freeze(['control failed'])
      : mismatchKeys(comparison.mismatches),
  });
}
