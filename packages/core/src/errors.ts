import { type ConfigProblem, formatProblem } from './config-problem.js';

/** An experiments file that cannot be used; `problems` lists everything wrong with it, not only the first. */
export class ExperimentConfigError extends Error {
  override readonly name = 'ExperimentConfigError';
  readonly problems: readonly ConfigProblem[];

  /** `message` replaces the listing where a one-line summary reads better (a log record). */
  constructor(problems: readonly ConfigProblem[], options: { message?: string } = {}) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(
      options.message ??
        `invalid experiment definitions (${count}):\n${problems.map(formatProblem).join('\n')}`,
    );
    this.problems = Object.freeze([...problems]);
  }
}

/** Input to a core value (observation, histogram, percentage) that cannot describe anything real. */
export class InvalidValueError extends RangeError {
  override readonly name = 'InvalidValueError';
}
