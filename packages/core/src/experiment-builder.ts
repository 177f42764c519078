import { deliveryOf } from './delivery-settings.js';
import {
  ALL_METHODS,
  ALWAYS_REDACTED_HEADERS,
  type BodyComparison,
  type Candidate,
  type ComparatorSettings,
  DEFAULT_CANDIDATE_TIMEOUT_MS,
  DEFAULT_REDACTED_HEADERS,
  DEFAULT_REDACTED_QUERY,
  type Experiment,
  type NoiseSettings,
  type RecordSettings,
  SAFE_METHODS,
  type Variant,
} from './experiment.js';
import type {
  BodyComparatorInput,
  CandidateInput,
  ComparatorMapInput,
  ComparatorsInput,
  ExperimentInput,
  NoiseInput,
} from './experiment-file-schema.js';
import { parseJsonPath, toJsonPointer } from './json-path.js';
import { parseLambdaFunction } from './lambda-arn.js';
import type { SourceDocument, SourcePath } from './source-document.js';
import { suggestName } from './suggestion.js';

/** Lambda's own upper bound on a function's run time. */
const MAX_TIMEOUT_MS = 900_000;
const COMPARATOR_NAMES = ['body', 'statuscode', 'headers'];

/**
 * Turns one experiment, already checked for shape, into the model: defaults filled in, names
 * normalised, and the checks a schema cannot express reported at their place in the file.
 */
export function buildExperiment(id: string, input: ExperimentInput, source: SourceDocument): Experiment {
  const at: SourcePath = ['experiments', id];
  const defaults = {
    samplePercent: samplePercentOf(input, at, source) ?? 100,
    timeoutMs: timeoutOf(input.timeout, [...at, 'timeout'], source) ?? DEFAULT_CANDIDATE_TIMEOUT_MS,
  };
  const candidates = Object.entries(input.candidates).map(([candidateId, candidate]) =>
    buildCandidate(candidateId, candidate, defaults, [...at, 'candidates', candidateId], source),
  );
  const methods = methodsOf(input.methods);
  const noise = noiseOf(input.noise, methods, [...at, 'noise'], source);
  return deepFreeze({
    id,
    ...(input.name === undefined ? {} : { name: input.name }),
    path: pathOf(input.path, [...at, 'path'], source),
    methods,
    enabled: input.enabled ?? true,
    salt: input.salt ?? id,
    comparators: comparatorsOf(input.comparators, [...at, 'comparators'], source),
    control: variantOf('control', input.control, [...at, 'control'], source),
    candidates,
    record: recordOf(input.record),
    ...(noise === undefined ? {} : { noise }),
    ...deliveryOf(
      input,
      candidates.map((candidate) => candidate.id),
      at,
      source,
    ),
  });
}

/**
 * The noise check runs the control twice, so by default only on safe methods; an experiment that
 * shadows none of them must say which of its methods are safe to repeat.
 */
function noiseOf(
  input: NoiseInput | undefined,
  shadowed: readonly string[],
  at: SourcePath,
  source: SourceDocument,
): NoiseSettings | undefined {
  if (input === undefined) return undefined;
  const written = typeof input === 'object' ? input.percent : input;
  const percentAt = typeof input === 'object' ? [...at, 'percent'] : at;
  const percent = typeof written === 'number' ? written : Number.parseFloat(written);
  if (percent > 100) source.report(percentAt, `noise: expected a percentage from 0 to 100, got ${written}`);
  const stated = typeof input === 'object' && input.methods !== undefined;
  const allowed = stated ? methodsOf(input.methods) : SAFE_METHODS;
  const methods = shadowed.filter((method) => allowed.includes(method));
  if (methods.length === 0) {
    source.report(
      at,
      stated
        ? `noise: none of its methods (${allowed.join(', ')}) is shadowed by this experiment (${shadowed.join(', ')})`
        : `noise runs the control twice, so only on GET or HEAD requests, and this experiment shadows ${shadowed.join(', ')}: list the methods that are safe to repeat under noise.methods to state otherwise`,
      { expected: 'an experiment shadowing GET or HEAD, or noise: {percent, methods}' },
    );
  }
  return { percent, methods };
}

/** Two enabled experiments may not shadow the same method of the same route. */
export function checkRoutesAreDistinct(experiments: readonly Experiment[], source: SourceDocument): void {
  const owners = new Map<string, string>();
  for (const experiment of experiments.filter((e) => e.enabled)) {
    for (const method of experiment.methods) {
      const route = `${method} /${experiment.path}`;
      const owner = owners.get(route);
      if (owner === undefined) {
        owners.set(route, experiment.id);
      } else {
        source.report(
          ['experiments', experiment.id, 'path'],
          `route ${route} is already shadowed by experiment '${owner}'`,
          { expected: 'one enabled experiment per route and method' },
        );
        break;
      }
    }
  }
}

function buildCandidate(
  id: string,
  input: CandidateInput,
  defaults: { samplePercent: number; timeoutMs: number },
  at: SourcePath,
  source: SourceDocument,
): Candidate {
  if (id === 'control') source.report(at, `'control' cannot be a candidate id`, { atKey: true });
  return {
    ...variantOf(id, input, at, source),
    samplePercent: samplePercentOf(input, at, source) ?? defaults.samplePercent,
    timeoutMs: timeoutOf(input.timeout, [...at, 'timeout'], source) ?? defaults.timeoutMs,
    enabled: input.enabled ?? true,
  };
}

function variantOf(
  id: string,
  input: { name?: string; arn: string },
  at: SourcePath,
  source: SourceDocument,
) {
  const reference = parseLambdaFunction(input.arn);
  if (reference === undefined) {
    source.report([...at, 'arn'], `arn: '${input.arn}' is not a Lambda function ARN or name`, {
      expected: 'arn:aws:lambda:REGION:ACCOUNT:function:NAME or a function name',
    });
  }
  return {
    id,
    name: input.name ?? id,
    arn: input.arn,
    ...(reference ?? { functionName: input.arn }),
  } satisfies Variant;
}

function samplePercentOf(
  input: { sample?: number | string; samplePercent?: number | string },
  at: SourcePath,
  source: SourceDocument,
): number | undefined {
  if (input.sample !== undefined && input.samplePercent !== undefined) {
    source.report([...at, 'samplePercent'], 'sample and samplePercent are the same setting: keep one', {
      atKey: true,
    });
  }
  const written = input.samplePercent ?? input.sample;
  if (written === undefined) return undefined;
  const percent = typeof written === 'number' ? written : Number.parseFloat(written);
  if (percent > 100) {
    const key = input.samplePercent === undefined ? 'sample' : 'samplePercent';
    source.report([...at, key], `${key}: expected a percentage from 0 to 100, got ${written}`);
  }
  return percent;
}

function timeoutOf(written: number | string | undefined, at: SourcePath, source: SourceDocument) {
  if (written === undefined) return undefined;
  const match = typeof written === 'number' ? undefined : /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)\s*$/.exec(written);
  const unit = { ms: 1, s: 1000, m: 60_000 }[match?.[2] ?? 'ms'] ?? 1;
  const ms = typeof written === 'number' ? written : Number.parseFloat(match?.[1] ?? 'NaN') * unit;
  if (!(ms > 0 && ms <= MAX_TIMEOUT_MS)) {
    source.report(at, `timeout: ${written} is outside Lambda's limit`, {
      expected: 'more than 0 and at most 15m',
    });
  }
  return ms;
}

function pathOf(written: string, at: SourcePath, source: SourceDocument): string {
  const path = written.trim().replace(/^\/+|\/+$/g, '');
  if (path === '' || /[\s?#]|\/\//.test(path)) {
    source.report(at, `path: '${written}' is not a route path`, {
      expected: 'a route path such as round or sort/numbers, without query or spaces',
    });
  }
  return path;
}

function methodsOf(written: string | readonly string[] | undefined): readonly string[] {
  const list = written === undefined ? ['ANY'] : typeof written === 'string' ? [written] : written;
  const upper = list.map((method) => method.toUpperCase());
  if (upper.includes('ANY') || upper.includes('*')) return [...ALL_METHODS];
  return [...new Set(upper)];
}

function recordOf(input: ExperimentInput['record']): RecordSettings {
  const defaults = input?.defaultRedaction ?? true;
  const headers = [
    ...ALWAYS_REDACTED_HEADERS,
    ...(defaults ? DEFAULT_REDACTED_HEADERS : []),
    ...(input?.redactHeaders ?? []).map((name) => name.toLowerCase()),
  ];
  const query = [
    ...(defaults ? DEFAULT_REDACTED_QUERY : []),
    ...(input?.redactQuery ?? []).map((name) => name.toLowerCase()),
  ];
  return {
    bodies: input?.bodies ?? 'mismatches',
    redactHeaders: [...new Set(headers)],
    redactQuery: [...new Set(query)],
  };
}

const DEFAULT_BODY: BodyComparison = { json: true, ignorePaths: [], tolerance: 0, unorderedArrays: false };

function comparatorsOf(
  input: ComparatorsInput | undefined,
  at: SourcePath,
  source: SourceDocument,
): ComparatorSettings {
  if (input === undefined) return { body: DEFAULT_BODY, statusCode: true, headers: [] };
  const settings: { body: false | BodyComparison; statusCode: boolean; headers: string[] } = {
    body: false,
    statusCode: false,
    headers: [],
  };
  let headersListed = false;
  const apply = (map: ComparatorMapInput, mapAt: SourcePath) => {
    if (map.body !== undefined) settings.body = bodyOf(map.body, [...mapAt, 'body'], source);
    for (const key of ['statuscode', 'statusCode'] as const) {
      if (map[key] !== undefined) settings.statusCode = map[key] !== false;
    }
    if (map.headers !== undefined) {
      headersListed = true;
      for (const name of map.headers ?? []) settings.headers.push(name.toLowerCase());
    }
  };

  if (!Array.isArray(input)) {
    apply(input as ComparatorMapInput, at);
  } else {
    // The tutorial's form lists `headers:` and then the header names as further items.
    input.forEach((item, index) => {
      if (typeof item !== 'string') {
        apply(item, [...at, index]);
        return;
      }
      const name = item.toLowerCase();
      if (name === 'body') settings.body = DEFAULT_BODY;
      else if (name === 'statuscode' || name === 'status') settings.statusCode = true;
      else if (name === 'headers') headersListed = true;
      else if (headersListed) settings.headers.push(name);
      else {
        const suggestion = suggestName(item, COMPARATOR_NAMES);
        source.report([...at, index], `unknown comparator '${item}'`, {
          expected: 'body, statuscode or headers (header names follow headers)',
          ...(suggestion === undefined ? {} : { suggestion }),
        });
      }
    });
  }
  if (headersListed && settings.headers.length === 0) {
    source.report(at, 'headers is listed but no header names follow it', {
      expected: 'header names, e.g. - headers: [content-type]',
    });
  }
  return { ...settings, headers: [...new Set(settings.headers)] };
}

function bodyOf(input: BodyComparatorInput, at: SourcePath, source: SourceDocument): false | BodyComparison {
  if (input === false) return false;
  if (input === null || input === true) return DEFAULT_BODY;
  const ignorePaths: string[] = [];
  (input.ignorePaths ?? []).forEach((written, index) => {
    const path = parseJsonPath(written);
    if (path === undefined) {
      source.report([...at, 'ignorePaths', index], `'${written}' is not a JSON path`, {
        expected: 'a JSON pointer (/a/0/b) or dotted path (a[0].b)',
      });
    } else {
      ignorePaths.push(toJsonPointer(path));
    }
  });
  return {
    json: input.json ?? DEFAULT_BODY.json,
    ignorePaths,
    tolerance: input.tolerance ?? DEFAULT_BODY.tolerance,
    unorderedArrays: input.unorderedArrays ?? DEFAULT_BODY.unorderedArrays,
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
