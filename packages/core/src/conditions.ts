import type { Observation } from './observation.js';

/**
 * On Lambda every execution environment has its own CPU; on one machine, control and candidates
 * share the host's cores. A pair (control and candidate on one request) ran under comparable
 * conditions when neither side waited for a CPU the host gave to other work. The local cloud
 * reports each invocation's waiting (`CPU Wait`) and the part its own quota explains
 * (`Throttled Time`, which Lambda imposes too); the rest is the host's contention, which is taken
 * out of each duration before comparing. Where most pairs needed that correction, the verdict
 * names no winner: the correction, not the code, would be deciding.
 */

/** Waiting beyond the quota counts as contention from this share of the invocation's duration… */
export const CONTENDED_SHARE = 0.1;
/** …and never below this, so that the kernel's accounting granularity alone never counts. */
export const CONTENDED_FLOOR_MS = 0.05;
/** Above this share of contended pairs, the correction for contention is the bulk of the evidence. */
export const MOST_CONTENDED_SHARE = 0.5;

/** Milliseconds one invocation waited for a CPU beyond its own quota; undefined where not reported. */
export function hostWaitMs(observation: Observation): number | undefined {
  const { cpuWaitMs, throttledMs } = observation.durations;
  if (cpuWaitMs === undefined) return undefined;
  return Math.max(0, cpuWaitMs - (throttledMs ?? 0));
}

/** On Lambda, 1,769 MB of memory buys one vCPU, and CPU scales linearly with memory. */
export const MEGABYTES_PER_VCPU = 1769;
/** The local cloud's CPU quota period (longer where 1 ms, the kernel's smallest quota, demands it). */
const QUOTA_PERIOD_MS = 10;
const SMALLEST_QUOTA_MS = 1;

/**
 * How long `cpuMs` of CPU takes under the quota of `memorySizeMb` on a CPU of its own: the first
 * quota's worth runs at full speed, each further one waits out the rest of its period.
 */
export function quotaBoundMs(cpuMs: number, memorySizeMb: number): number {
  const vcpus = memorySizeMb / MEGABYTES_PER_VCPU;
  if (vcpus >= 1) return cpuMs;
  const period = Math.max(QUOTA_PERIOD_MS, SMALLEST_QUOTA_MS / vcpus);
  const quota = period * vcpus;
  return cpuMs + (Math.max(0, cpuMs - quota) / quota) * (period - quota);
}

/**
 * About what the invocation would have taken on a CPU of its own, as on Lambda: its duration less
 * the host's contention, and never less than its CPU time under its own quota (while the host held
 * it back, its quota would have; the kernel then counts the wait as contention, not throttling).
 * Undefined where not measured.
 */
export function ownCpuMs(observation: Observation): number | undefined {
  const wait = hostWaitMs(observation);
  const { functionMs, cpuMs, memorySizeMb } = observation.durations;
  if (wait === undefined || functionMs === undefined) return undefined;
  const bound =
    cpuMs === undefined
      ? 0
      : memorySizeMb === undefined || observation.unthrottled
        ? cpuMs
        : quotaBoundMs(cpuMs, memorySizeMb);
  return Math.max(bound, functionMs - wait);
}

/** Candidate ÷ control of their own-CPU durations, when both sides were measured and answered. */
export function ownCpuRatio(control: Observation, candidate: Observation): number | undefined {
  if (control.error || candidate.error) return undefined;
  const a = ownCpuMs(control);
  const b = ownCpuMs(candidate);
  return a !== undefined && b !== undefined && a > 0 && b > 0 ? b / a : undefined;
}

/** Whether the host's other work held this invocation back noticeably. */
export function contended(observation: Observation): boolean {
  const wait = hostWaitMs(observation);
  if (wait === undefined) return false;
  const duration = observation.durations.functionMs ?? observation.durations.clientMs ?? 0;
  return wait > Math.max(CONTENDED_FLOOR_MS, CONTENDED_SHARE * duration);
}

/** The conditions of one paired comparison. */
export interface PairConditions {
  /** Both sides reported their CPU waiting, so contention could be judged. */
  readonly measured: boolean;
  /** Either side waited for a CPU the host gave to other work. */
  readonly contended: boolean;
  /** Either side ran without its CPU quota, so memory size did not set its CPU. */
  readonly unthrottled: boolean;
}

export function pairConditions(control: Observation, candidate: Observation): PairConditions {
  return Object.freeze({
    measured: hostWaitMs(control) !== undefined && hostWaitMs(candidate) !== undefined,
    contended: contended(control) || contended(candidate),
    unthrottled: control.unthrottled || candidate.unthrottled,
  });
}

/** Condition counts over a candidate's paired samples (aggregated per candidate). */
export interface ConditionCounts {
  readonly pairs: number;
  readonly measured: number;
  readonly contended: number;
  readonly unthrottled: number;
  /** Control and candidate run with different memory sizes (so different CPU shares on Lambda). */
  readonly memoryDiffers?: boolean;
}

/** Whether a duration verdict may name a winner, and if not, why. */
export interface Comparability {
  readonly comparable: boolean;
  /** Each reason the evidence is not comparable, as a sentence; empty when comparable. */
  readonly reasons: readonly string[];
  /** Decide on own-CPU durations (contention was measured and is taken out of each duration). */
  readonly ownCpu: boolean;
}

export function comparability(counts: ConditionCounts): Comparability {
  const reasons: string[] = [];
  if (counts.unthrottled > 0 && counts.memoryDiffers) {
    reasons.push(
      `${counts.unthrottled} of ${counts.pairs} pairs ran without a CPU quota, so memory size did not set CPU (see \`scientist doctor\`)`,
    );
  }
  if (counts.measured > 0 && counts.contended > MOST_CONTENDED_SHARE * counts.measured) {
    reasons.push(
      `${counts.contended} of ${counts.measured} pairs waited for a CPU the host gave to other work (more work at once than cores)`,
    );
  }
  return Object.freeze({
    comparable: reasons.length === 0,
    reasons: Object.freeze(reasons),
    ownCpu: counts.measured > 0,
  });
}
