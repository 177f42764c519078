import { type ConfigProblem, formatProblem } from './config-problem.js';

/** An experiments file that cannot be used; `problems` lists everything wrong with it, not only the first. */
export class ExperimentConfigError extends Error {
  override readonly name = 'ExperimentConfigError';
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`invalid experiment definitions (${count}):\n${problems.map(formatProblem).join('\n')}`);
    this.problems = Object.freeze([...problems]);
  }
}

/** Input to a core value (observation, histogram, percentage) that cannot describe anything real. */
export class InvalidValueError extends RangeError {
  override readonly name = 'InvalidValueError';
}
