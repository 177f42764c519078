import type { ExperimentInput, RolloutInput, ServePlanInput } from './experiment-file-schema.js';
import { DEFAULT_REQUEST_KEY, parseRequestKeySource, type RequestKeySource } from './request-facts.js';
import type { RolloutPlan } from './rollout.js';
import type { ServePlan } from './serving-decision.js';
import type { SourceDocument, SourcePath } from './source-document.js';
import { suggestName } from './suggestion.js';

/**
 * The progressive-delivery settings of one experiment — its stickiness key, which candidates
 * serve, and its rollout plan — turned into the model, with the checks a schema cannot make
 * (names that must be the experiment's candidates, steps that must rise to 100) reported in place.
 */

const unitMs = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
const DEFAULT_KEEP_OLD_CONTROL_MS = 3_600_000;

/** `30s`, `10m`, `1h` in milliseconds (the schema has checked the shape). */
export function longDurationMs(written: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)\s*$/.exec(written);
  return match ? Number.parseFloat(match[1]!) * unitMs[match[2] as keyof typeof unitMs] : Number.NaN;
}

/** The other way: `30000` → `30s`, `600000` → `10m`, in the largest unit that divides it whole. */
export function longDurationText(ms: number): string {
  for (const unit of ['h', 'm', 's'] as const) {
    if (ms >= unitMs[unit] && ms % unitMs[unit] === 0) return `${ms / unitMs[unit]}${unit}`;
  }
  return `${ms}ms`;
}

export function keyOf(written: string | undefined, at: SourcePath, source: SourceDocument): RequestKeySource {
  if (written === undefined) return DEFAULT_REQUEST_KEY;
  const key = parseRequestKeySource(written);
  if (key) return key;
  source.report(at, `key: '${written}' is not a request key`, {
    expected: 'header:NAME, cookie:NAME, query:NAME or source-ip',
  });
  return DEFAULT_REQUEST_KEY;
}

function checkCandidate(
  id: string,
  candidateIds: readonly string[],
  at: SourcePath,
  source: SourceDocument,
  atKey: boolean,
) {
  if (candidateIds.includes(id)) return;
  const suggestion = suggestName(id, candidateIds);
  source.report(at, `'${id}' is not a candidate of this experiment`, {
    ...(atKey ? { atKey: true } : {}),
    expected: `one of ${candidateIds.join(', ') || '(no candidates)'}`,
    ...(suggestion === undefined ? {} : { suggestion }),
  });
}

export function servePlansOf(
  written: Record<string, ServePlanInput> | undefined,
  candidateIds: readonly string[],
  at: SourcePath,
  source: SourceDocument,
): ServePlan[] {
  return Object.entries(written ?? {}).map(([candidateId, plan]) => {
    checkCandidate(candidateId, candidateIds, [...at, candidateId], source, true);
    return { candidateId, when: plan.when ?? [], percent: plan.percent ?? 0 };
  });
}

export function rolloutOf(
  written: RolloutInput | undefined,
  candidateIds: readonly string[],
  at: SourcePath,
  source: SourceDocument,
): RolloutPlan | undefined {
  if (written === undefined) return undefined;
  checkCandidate(written.candidate, candidateIds, [...at, 'candidate'], source, false);
  written.steps.forEach((percent, index) => {
    const previous = written.steps[index - 1];
    if (percent <= 0) source.report([...at, 'steps', index], `step ${percent}: a step serves more than 0%`);
    else if (previous !== undefined && percent <= previous)
      source.report([...at, 'steps', index], `step ${percent} follows ${previous}: steps must rise`);
  });
  if (written.steps.at(-1) !== 100) {
    source.report(
      [...at, 'steps'],
      'the last step must be 100 (the candidate serves everyone, then is promoted)',
    );
  }
  const everyMs = longDurationMs(written.every);
  const keepOldControlMs =
    written.keepOldControl === undefined
      ? DEFAULT_KEEP_OLD_CONTROL_MS
      : longDurationMs(written.keepOldControl);
  return {
    candidate: written.candidate,
    steps: [...written.steps],
    everyMs,
    gates: { ...(written.gates ?? {}) },
    onFailure: written.onFailure ?? 'rollback',
    keepOldControlMs,
  };
}

/** The three settings together, as `buildExperiment` adds them to the model. */
export function deliveryOf(
  input: ExperimentInput,
  candidateIds: readonly string[],
  at: SourcePath,
  source: SourceDocument,
): { key: RequestKeySource; keyedSampling?: true; serve: ServePlan[]; rollout?: RolloutPlan } {
  const rollout = rolloutOf(input.rollout, candidateIds, [...at, 'rollout'], source);
  return {
    key: keyOf(input.key, [...at, 'key'], source),
    ...(input.key === undefined ? {} : { keyedSampling: true as const }),
    serve: servePlansOf(input.serve, candidateIds, [...at, 'serve'], source),
    ...(rollout ? { rollout } : {}),
  };
}
