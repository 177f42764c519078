import type { core } from 'zod';
import type { ConfigProblem } from './config-problem.js';
import { ExperimentConfigError } from './errors.js';
import type { Experiment, ExperimentDefinitions } from './experiment.js';
import { buildExperiment, checkRoutesAreDistinct } from './experiment-builder.js';
import { type ExperimentsFileInput, experimentsFileSchema, knownKeys } from './experiment-file-schema.js';
import { SourceDocument, type SourcePath } from './source-document.js';
import { suggestName } from './suggestion.js';

export interface ParseOptions {
  /** Name used in problems; default `experiments.yaml`. */
  readonly file?: string;
  /**
   * Values for `{AWSREGION}`, `{AWSACCOUNT_ID}` and `${env:NAME}`. When given, every placeholder must
   * resolve; when left out, placeholders stay as written (enough to check a file's shape).
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export type ParseResult =
  | { readonly ok: true; readonly definitions: ExperimentDefinitions }
  | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

/** Reads experiment definitions from YAML, reporting every problem found (not only the first). */
export function parseExperiments(text: string, options: ParseOptions = {}): ParseResult {
  const source = new SourceDocument(text, options.file ?? 'experiments.yaml');
  if (source.problems.length > 0) return { ok: false, problems: sorted(source.problems) };
  if (options.env !== undefined) source.resolvePlaceholders(options.env);

  const data = source.toJS();
  const checked = experimentsFileSchema.safeParse(data, { reportInput: true });
  const issues = checked.success ? [] : checked.error.issues;
  for (const issue of issues) reportIssue(source, issue, []);

  const file = (checked.success ? checked.data : data) as Partial<ExperimentsFileInput> | undefined;
  const experiments: Experiment[] = [];
  for (const [id, input] of Object.entries(isRecord(file?.experiments) ? file.experiments : {})) {
    const shapeIsValid = !issues.some((issue) => issue.path[0] === 'experiments' && issue.path[1] === id);
    if (shapeIsValid) experiments.push(buildExperiment(id, input, source));
  }
  checkRoutesAreDistinct(experiments, source);

  if (source.problems.length > 0) return { ok: false, problems: sorted(source.problems) };
  return { ok: true, definitions: Object.freeze({ experiments: Object.freeze(experiments) }) };
}

/** Like {@link parseExperiments}, but throws an {@link ExperimentConfigError} listing every problem. */
export function loadExperiments(text: string, options: ParseOptions = {}): ExperimentDefinitions {
  const result = parseExperiments(text, options);
  if (!result.ok) throw new ExperimentConfigError(result.problems);
  return result.definitions;
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
