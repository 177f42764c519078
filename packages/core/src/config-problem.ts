/** One thing wrong in an experiments file, with where it is. Lines and columns count from 1. */
export interface ConfigProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  /** What would have been accepted there. */
  readonly expected?: string;
  /** The known name a misspelt one most likely meant. */
  readonly suggestion?: string;
}

/** `experiments.yaml:12:5: unknown key 'comparator' — did you mean 'comparators'?` */
export function formatProblem(problem: ConfigProblem): string {
  const where = `${problem.file}:${problem.line}:${problem.column}`;
  const hint = problem.suggestion === undefined ? '' : ` — did you mean '${problem.suggestion}'?`;
  return `${where}: ${problem.message}${hint}`;
}
