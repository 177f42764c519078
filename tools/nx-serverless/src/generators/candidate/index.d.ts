// The candidate generator's API for programs (the CLI's `new candidate`), typed once for the
// TypeScript packages that call it; the JavaScript modules take their types from here.

export type Language = 'node' | 'python' | 'go' | 'java' | 'ruby';

export interface ForkOptions {
  /** `round`, `sort`, `fizzbuzz`, `pbkdf2`: a folder under `functions/`. */
  function: string;
  language: Language;
  /** The part after `candidate-<function>-`; defaults to the language, numbered if taken. */
  name?: string;
  /** The experiments file to register the candidate in, relative to the root. */
  experimentsFile?: string;
  /**
   * Another memory size (MB) for the fork: then it copies the control when the control is in
   * that language, so that memory is the one thing that differs (challenge 7).
   */
  memory?: number;
}

export interface ForkedCandidate {
  /** Service, Lambda function and Nx project name, e.g. `candidate-round-go-2`. */
  service: string;
  /** The new variant's directory, relative to the root. */
  dir: string;
  /** The variant it was copied from, relative to the root. */
  source: string;
  /** The experiment it was added to and under which key, or null when none serves its path. */
  experiment: { id: string; candidate: string } | null;
}

/** A candidate that cannot be forked as asked; the message says what to change. */
export declare class CandidateError extends Error {}

export declare const candidateLanguages: readonly Language[];
export declare const DEFAULT_EXPERIMENTS_FILE: string;

/** Forks a candidate in the workspace at `root` and writes the files; nothing is written when it fails. */
export declare function forkCandidate(root: string, options: ForkOptions): ForkedCandidate;
/** What is wrong with a memory size for Lambda, or undefined when nothing is. */
export declare function memorySizeProblem(megabytes: number): string | undefined;
/** What a fork did and what to do next, as lines for the terminal. */
export declare function nextSteps(
  forked: ForkedCandidate,
  functionName: string,
  experimentsFile: string,
): string[];
/** Pads a Markdown table's cells to their column's width, as the formatter writes tables. */
export declare function alignTable(rows: readonly string[]): string[];
