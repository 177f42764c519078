import type { core } from 'zod';
import type { ConfigProblem } from './config-problem.js';
import { ExperimentConfigError } from './errors.js';
import type { Experiment, ExperimentDefinitions } from './experiment.js';
import { buildExperiment, checkRoutesAreDistinct } from './experiment-builder.js';
import { type ExperimentsFileInput, experimentsFileSchema, knownKeys } from './experiment-file-schema.js';
import { SourceDocument, type SourcePath } from './source-document.js';
import { decodeSource } from './source-text.js';
import { suggestName } from './suggestion.js';

export interface ParseOptions {
  /** Name used in problems; default `experiments.yaml`. */
  readonly file?: string;
  /**
   * Values for `{AWSREGION}`, `{AWSACCOUNT_ID}` and `${env:NAME}`. When given, every placeholder must
   * resolve; when left out, placeholders stay as written (enough to check a file's shape).
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * True for the functions of the service that reads the file (the scientist's own proxy, runner
   * and API): naming one as a control or candidate would send every request round in a loop.
   */
  readonly isOwnFunction?: (functionName: string) => boolean;
  /**
   * The functions deployed where the file is going, when that can be asked: a control that is not
   * among them would answer every request through the experiment with 502.
   */
  readonly deployedFunctions?: ReadonlySet<string>;
}

export type ParseResult =
  | { readonly ok: true; readonly definitions: ExperimentDefinitions }
  | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

/**
 * Reads experiment definitions from YAML, reporting every problem found (not only the first).
 * Given bytes, they must be UTF-8.
 */
export function parseExperiments(text: string | Uint8Array, options: ParseOptions = {}): ParseResult {
  const file = options.file ?? 'experiments.yaml';
  if (typeof text !== 'string') {
    const decoded = decodeSource(text);
    if (!decoded.ok) {
      const byte = `0x${decoded.byte.toString(16).padStart(2, '0')}`;
      const problem: ConfigProblem = Object.freeze({
        file,
        line: decoded.line,
        column: decoded.column,
        message: `the file is not UTF-8 text: byte ${byte} here starts no character`,
        expected: 'UTF-8 text',
      });
      return { ok: false, problems: Object.freeze([problem]) };
    }
    return parseExperiments(decoded.text, options);
  }
  const source = new SourceDocument(text, file);
  if (source.problems.length > 0) return { ok: false, problems: sorted(source.problems) };
  if (options.env !== undefined) source.resolvePlaceholders(options.env);

  const before = source.problems.length;
  const data = source.toJS();
  // An alias bomb: nothing to check further.
  if (source.problems.length > before) return { ok: false, problems: sorted(source.problems) };
  const checked = experimentsFileSchema.safeParse(data, { reportInput: true });
  const issues = checked.success ? [] : checked.error.issues;
  for (const issue of issues) reportIssue(source, issue, []);

  const input = (checked.success ? checked.data : data) as Partial<ExperimentsFileInput> | undefined;
  const experiments: Experiment[] = [];
  for (const [id, experiment] of Object.entries(isRecord(input?.experiments) ? input.experiments : {})) {
    const shapeIsValid = !issues.some((issue) => issue.path[0] === 'experiments' && issue.path[1] === id);
    if (shapeIsValid) experiments.push(buildExperiment(id, experiment, source));
  }
  checkRoutesAreDistinct(experiments, source);
  if (options.isOwnFunction) refuseOwnFunctions(experiments, options.isOwnFunction, source);
  if (options.deployedFunctions) refuseMissingControls(experiments, options.deployedFunctions, source);

  if (source.problems.length > 0) return { ok: false, problems: sorted(source.problems) };
  return { ok: true, definitions: Object.freeze({ experiments: Object.freeze(experiments) }) };
}

/** Like {@link parseExperiments}, but throws an {@link ExperimentConfigError} listing every problem. */
export function loadExperiments(text: string, options: ParseOptions = {}): ExperimentDefinitions {
  const result = parseExperiments(text, options);
  if (!result.ok) throw new ExperimentConfigError(result.problems);
  return result.definitions;
}

function refuseOwnFunctions(
  experiments: readonly Experiment[],
  isOwnFunction: (functionName: string) => boolean,
  source: SourceDocument,
): void {
  for (const experiment of experiments) {
    const variants = [
      { variant: experiment.control, at: ['control'] },
      ...experiment.candidates.map((candidate) => ({ variant: candidate, at: ['candidates', candidate.id] })),
    ];
    for (const { variant, at } of variants) {
      if (!isOwnFunction(variant.functionName)) continue;
      source.report(
        ['experiments', experiment.id, ...at, 'arn'],
        `arn: '${variant.functionName}' is the scientist itself; every request would loop through it`,
        { expected: 'the function that serves the route (control) or an alternative to it (candidate)' },
      );
    }
  }
}

function refuseMissingControls(
  experiments: readonly Experiment[],
  deployed: ReadonlySet<string>,
  source: SourceDocument,
): void {
  for (const experiment of experiments) {
    const { functionName } = experiment.control;
    if (deployed.has(functionName)) continue;
    const suggestion = suggestName(functionName, [...deployed]);
    source.report(
      ['experiments', experiment.id, 'control', 'arn'],
      `arn: the control function '${functionName}' does not exist there; every request through the experiment would fail`,
      {
        expected: 'a deployed function (deploy it first, or publish anyway with --force)',
        ...(suggestion === undefined ? {} : { suggestion }),
      },
    );
  }
}

function reportIssue(source: SourceDocument, issue: core.$ZodIssue, prefix: SourcePath): void {
  const path = [...prefix, ...issue.path];
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeysAt(path);
      for (const key of issue.keys) {
        const suggestion = suggestName(key, known);
        source.report([...path, key], `unknown key '${key}'`, {
          atKey: true,
          expected: `one of ${known.join(', ')}`,
          ...(suggestion === undefined ? {} : { suggestion }),
        });
      }
      return;
    }
    case 'invalid_union': {
      // Report the branch that got furthest (the one whose top-level type fit) with its own details.
      const fitting = issue.errors.filter((branch) =>
        branch.every((inner) => inner.path.length > 0 || inner.code !== 'invalid_type'),
      );
      if (fitting.length === 1) {
        for (const inner of fitting[0]!) reportIssue(source, inner, path);
        return;
      }
      break;
    }
    case 'invalid_type':
      if (!('input' in issue) || issue.input === undefined) {
        const key = String(path.at(-1));
        source.problems.push(
          source.problemAtParent(path, `missing required key '${key}' (${issue.message})`, {
            expected: issue.message,
          }),
        );
        return;
      }
      break;
  }
  const label = labelOf(path);
  source.report(path, `${label}expected ${issue.message}, got ${describe(issue.input)}`, {
    expected: issue.message,
  });
}

function knownKeysAt(path: SourcePath): readonly string[] {
  const section = path[2];
  if (path.length === 0) return knownKeys.file;
  if (path.length === 2) return knownKeys.experiment;
  if (section === 'control') return knownKeys.control;
  if (section === 'candidates') return knownKeys.candidate;
  if (section === 'record') return knownKeys.record;
  if (section === 'noise') return knownKeys.noise;
  if (section === 'serve') return path.includes('when') ? knownKeys.targetingRule : knownKeys.serve;
  if (section === 'rollout') return path.at(-1) === 'gates' ? knownKeys.gates : knownKeys.rollout;
  if (section === 'comparators') {
    return path.at(-1) === 'body' ? knownKeys.body : knownKeys.comparators;
  }
  return [];
}

function labelOf(path: SourcePath): string {
  const last = path.at(-1);
  if (last === undefined) return '';
  return typeof last === 'number' ? `item ${last + 1}: ` : `${String(last)}: `;
}

export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return `'${value}'`;
  return String(value);
}

function isRecord(value: unknown): value is Record<string, never> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sorted(problems: readonly ConfigProblem[]): readonly ConfigProblem[] {
  return Object.freeze([...problems].sort((a, b) => a.line - b.line || a.column - b.column));
}
