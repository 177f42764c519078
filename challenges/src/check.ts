import type { CheckTarget } from './check-target.js';

/** What one step found: `passed: null` when it cannot be verified where the check runs. */
export interface StepOutcome {
  readonly passed: boolean | null;
  readonly detail: string;
  /** What to do next when the step failed (a command, a file); null when it passed. */
  readonly hint?: string | null;
}

/** One verifiable step of a challenge. */
export interface Step {
  /** Stable kebab-case name, part of `check --json`. */
  readonly id: string;
  readonly name: string;
  /** Steps that must pass first; when one did not, this step is reported as not checked. */
  readonly after?: readonly string[];
  run(context: CheckContext): Promise<StepOutcome>;
}

export interface Challenge {
  readonly number: number;
  /** The folder under challenges/, e.g. `04-round-candidate`. */
  readonly slug: string;
  readonly title: string;
  readonly steps: readonly Step[];
}

/** What a step may use: where it runs, and a way to say what it is doing meanwhile (stderr). */
export interface CheckContext {
  readonly target: CheckTarget;
  progress(line: string): void;
  /** What earlier steps of this check found, by step id (e.g. the candidate a step located). */
  readonly found: Map<string, unknown>;
}

export interface StepReport {
  readonly id: string;
  readonly name: string;
  readonly passed: boolean | null;
  readonly detail: string;
  readonly hint: string | null;
}

/** `scientist check N --json`, as the CLI contract fixes it. */
export interface CheckReport {
  readonly challenge: number;
  readonly passed: boolean;
  readonly steps: readonly StepReport[];
}

/** Runs a challenge's steps in order; a step that throws has failed, with the reason as its detail. */
export async function runCheck(
  challenge: Challenge,
  target: CheckTarget,
  progress: (line: string) => void = () => undefined,
): Promise<CheckReport> {
  const context: CheckContext = { target, progress, found: new Map() };
  const steps: StepReport[] = [];
  for (const step of challenge.steps) {
    const blocker = (step.after ?? [])
      .map((id) => steps.find((done) => done.id === id))
      .find((done) => done !== undefined && done.passed !== true);
    if (blocker) {
      steps.push({
        id: step.id,
        name: step.name,
        passed: blocker.passed === null ? null : false,
        detail: `not checked: needs '${blocker.name}' first`,
        hint: blocker.passed === null ? null : `see '${blocker.name}' above`,
      });
      continue;
    }
    progress(`checking: ${step.name}`);
    let outcome: StepOutcome;
    try {
      outcome = await step.run(context);
    } catch (error) {
      outcome = {
        passed: false,
        detail: (error as Error).message,
        hint: 'run the check again with --verbose to see the cause',
      };
    }
    steps.push({
      id: step.id,
      name: step.name,
      passed: outcome.passed,
      detail: outcome.detail,
      hint: outcome.passed === true ? null : (outcome.hint ?? null),
    });
  }
  return Object.freeze({
    challenge: challenge.number,
    passed: steps.every((step) => step.passed === true),
    steps: Object.freeze(steps),
  });
}

/** The human-readable report: a ✔/✘ (or ? for cannot be verified) line per step, with its hint. */
export function formatCheckReport(challenge: Challenge, report: CheckReport): string {
  const lines = [`Challenge ${challenge.number}: ${challenge.title}`];
  for (const step of report.steps) {
    const mark = step.passed === true ? '✔' : step.passed === false ? '✘' : '?';
    lines.push(`${mark} ${step.name}: ${step.detail}`);
    if (step.hint) lines.push(`    → ${step.hint}`);
  }
  const unverified = report.steps.filter((step) => step.passed === null).length;
  lines.push(
    report.passed
      ? `challenge ${challenge.number} done`
      : `challenge ${challenge.number} not done yet` +
          (unverified > 0
            ? ` (${unverified} step${unverified === 1 ? '' : 's'} cannot be verified here)`
            : ''),
  );
  return `${lines.join('\n')}\n`;
}

export const passed = (detail: string): StepOutcome => ({ passed: true, detail });
export const failed = (detail: string, hint: string): StepOutcome => ({ passed: false, detail, hint });
export const unverifiable = (detail: string): StepOutcome => ({ passed: null, detail });
