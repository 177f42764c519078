import { isMap, isScalar, type Pair, parse, type YAMLMap } from 'yaml';
import { locate } from './block-entry.js';
import {
  type ExperimentsDocument,
  ExperimentsEditError,
  parseExperimentsDocument,
} from './experiments-document.js';

/** A candidate to add to the experiment that serves a function's path. */
export interface CandidateRegistration {
  /** The experiment's `path`, e.g. `round`: the candidate joins the first experiment with it. */
  readonly path: string;
  /** The candidate's key under `candidates`, e.g. `candidate-go-2`. */
  readonly key: string;
  /** Its display name. */
  readonly name: string;
  readonly arn: string;
}

export interface RegisteredCandidate {
  readonly document: ExperimentsDocument;
  /** The experiment it joined and under which key, or null when no experiment serves the path. */
  readonly experiment: { readonly id: string; readonly candidate: string } | null;
}

/**
 * The document with the candidate added to the experiment whose path it serves, as one line after
 * the last candidate's in the file's own indentation (an empty `candidates: {}` becomes a block
 * holding it), so that every other byte stays as it was.
 */
export function registerCandidate(
  document: ExperimentsDocument,
  registration: CandidateRegistration,
): RegisteredCandidate {
  const experiments = document.yaml.get('experiments');
  if (!isMap(experiments))
    throw new ExperimentsEditError("no 'experiments' mapping to register the candidate in");
  for (const item of experiments.items) {
    const experiment = item.value;
    if (!isMap(experiment) || experiment.get('path') !== registration.path) continue;
    const id = String(isScalar(item.key) ? item.key.value : item.key);
    const candidates = experiment.get('candidates');
    const { key, name, arn } = registration;
    if (isMap(candidates) && candidates.has(key)) {
      throw new ExperimentsEditError(`experiment '${id}' already has a candidate '${key}'`);
    }
    const line = `${key}: { name: ${JSON.stringify(name)}, arn: ${JSON.stringify(arn)} }`;
    const text =
      (isMap(candidates)
        ? insertAfterLastCandidate(document.text, candidates, line)
        : candidates === undefined
          ? addCandidates(document.text, experiment, line)
          : null) ?? writtenByTheLibrary(document, id, registration);
    if (parse(text)?.experiments?.[id]?.candidates?.[key]?.arn !== arn) {
      throw new ExperimentsEditError(`could not add candidate '${key}' to experiment '${id}'`);
    }
    return Object.freeze({
      document: parseExperimentsDocument(text),
      experiment: Object.freeze({ id, candidate: key }),
    });
  }
  return Object.freeze({ document, experiment: null });
}

/** The text with a `candidates` entry holding one line after the experiment's last entry; null when it is written unusually. */
function addCandidates(text: string, experiment: YAMLMap, line: string): string | null {
  const last = locate(text, experiment.items.at(-1) as Pair | undefined);
  if (!last) return null;
  const indent = ' '.repeat(last.indent);
  return `${text.slice(0, last.to)}\n${indent}candidates:\n${indent}  ${line}${text.slice(last.to)}`;
}

/** No place to put the line (a map written unusually): the YAML library writes the file. */
function writtenByTheLibrary(
  document: ExperimentsDocument,
  id: string,
  registration: CandidateRegistration,
): string {
  const yaml = document.yaml.clone();
  const experiment = yaml.getIn(['experiments', id], true) as YAMLMap;
  const entry = yaml.createNode({ name: registration.name, arn: registration.arn });
  entry.flow = true;
  const candidates = experiment.get('candidates', true);
  if (isMap(candidates)) candidates.set(registration.key, entry);
  else experiment.set('candidates', yaml.createNode({ [registration.key]: entry }));
  return yaml.toString({ lineWidth: 110 });
}

/** The text with a line added after the last candidate's; null when there is no candidate to follow. */
function insertAfterLastCandidate(text: string, candidates: YAMLMap, line: string): string | null {
  if (candidates.items.length === 0) return replaceEmptyCandidates(text, candidates, line);
  const last = candidates.items.at(-1);
  const keyStart = isScalar(last?.key) ? last.key.range?.[0] : undefined;
  const valueEnd = (last?.value as { range?: [number, number, number] } | null)?.range?.[1];
  if (keyStart === undefined || valueEnd === undefined) return null;
  const indent = keyStart - text.lastIndexOf('\n', keyStart - 1) - 1;
  const lineEnd = text.indexOf('\n', valueEnd);
  const at = lineEnd < 0 ? text.length : lineEnd;
  return `${text.slice(0, at)}\n${' '.repeat(indent)}${line}${text.slice(at)}`;
}

/** The text with `candidates: {}` turned into a block holding one line; null when the map is not written `{}`. */
function replaceEmptyCandidates(text: string, candidates: YAMLMap, line: string): string | null {
  const [start, end] = candidates.range ?? [];
  if (start === undefined || end === undefined || text.slice(start, end).trim() !== '{}') return null;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const indent = /^\s*/.exec(text.slice(lineStart))![0].length + 2;
  const valueEnd = start + text.slice(start, end).indexOf('}') + 1;
  return `${text.slice(0, start).trimEnd()}\n${' '.repeat(indent)}${line}${text.slice(valueEnd)}`;
}
