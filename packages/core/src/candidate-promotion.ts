import { isMap, isScalar, type Pair, parse, type YAMLMap } from 'yaml';
import { locate, rewritten } from './block-entry.js';
import {
  type ExperimentsDocument,
  ExperimentsEditError,
  parseExperimentsDocument,
} from './experiments-document.js';

/** Keys that make sense for a candidate only; they are dropped when a candidate becomes the control. */
const CANDIDATE_ONLY_KEYS = ['sample', 'samplePercent', 'timeout', 'enabled'];

function keysOf(map: unknown): string[] {
  return isMap(map) ? map.items.map((item) => String(isScalar(item.key) ? item.key.value : item.key)) : [];
}

/**
 * The document with `candidateId` as the control of `experimentId` and the old control as a
 * candidate (keyed by its function name). The entries move as their author wrote them, so the
 * rest of the file stays byte for byte; where that cannot be done (a candidate with keys only a
 * candidate has, a map written unusually) the YAML library writes the file, comments kept. The
 * caller validates and publishes the result like any upload.
 */
export function promoteCandidate(
  document: ExperimentsDocument,
  experimentId: string,
  candidateId: string,
): ExperimentsDocument {
  const { experiment, control, candidates, candidate } = entriesOf(document, experimentId, candidateId);
  const formerId = uniqueId(functionNameOf(String(control.get('arn') ?? '')) || 'former-control', candidates);
  const written = writtenByTheLibrary(document, experimentId, candidateId, formerId);
  const moved = movedAsWritten(document.text, { experiment, candidates, candidate, formerId });
  const same = moved !== null && JSON.stringify(parse(moved)) === JSON.stringify(parse(written));
  return withoutDeliveryOf(parseExperimentsDocument(same ? moved : written), experimentId, candidateId);
}

/**
 * The promoted candidate serves everyone now, as the control: its `serve` entry, and a rollout
 * plan that moved it, have done their work and would name a candidate that is no longer there.
 */
function withoutDeliveryOf(
  document: ExperimentsDocument,
  experimentId: string,
  candidateId: string,
): ExperimentsDocument {
  const experiment = document.yaml.getIn(['experiments', experimentId], true) as unknown as YAMLMap;
  const serve = experiment.get('serve', true);
  const rollout = experiment.get('rollout', true);
  const serves = isMap(serve) && serve.has(candidateId);
  const rollsOut = isMap(rollout) && rollout.get('candidate') === candidateId;
  if (!serves && !rollsOut) return document;
  const yaml = document.yaml.clone();
  const edited = yaml.getIn(['experiments', experimentId], true) as unknown as YAMLMap;
  if (serves) {
    const plans = edited.get('serve', true) as unknown as YAMLMap;
    plans.delete(candidateId);
    if (plans.items.length === 0) edited.delete('serve');
  }
  if (rollsOut) edited.delete('rollout');
  return parseExperimentsDocument(yaml.toString({ lineWidth: 110 }));
}

function entriesOf(document: ExperimentsDocument, experimentId: string, candidateId: string) {
  const experiment = document.yaml.getIn(['experiments', experimentId], true);
  if (!isMap(experiment)) {
    throw new ExperimentsEditError(`no experiment '${experimentId}'`, [
      `known experiments: ${keysOf(document.yaml.getIn(['experiments'])).join(', ') || 'none'}`,
    ]);
  }
  const candidates = experiment.get('candidates', true);
  const candidate = isMap(candidates) ? candidates.get(candidateId, true) : undefined;
  if (!isMap(candidates) || !isMap(candidate)) {
    throw new ExperimentsEditError(`experiment '${experimentId}' has no candidate '${candidateId}'`, [
      `its candidates: ${keysOf(candidates).join(', ') || 'none'}`,
    ]);
  }
  const control = experiment.get('control', true);
  if (!isMap(control)) {
    throw new ExperimentsEditError(`experiment '${experimentId}' has no control mapping`);
  }
  return { experiment, control, candidates, candidate };
}

/** The promotion made on a copy of the document, written out by the YAML library. */
function writtenByTheLibrary(
  document: ExperimentsDocument,
  experimentId: string,
  candidateId: string,
  formerId: string,
): string {
  // A copy of maps entriesOf() found: each is there.
  const asMap = (node: unknown) => node as YAMLMap;
  const yaml = document.yaml.clone();
  const experiment = asMap(yaml.getIn(['experiments', experimentId], true));
  const candidates = asMap(experiment.get('candidates', true));
  const newControl = asMap(asMap(candidates.get(candidateId, true)).clone());
  for (const key of CANDIDATE_ONLY_KEYS) newControl.delete(key);
  const formerControl = asMap(asMap(experiment.get('control', true)).clone());
  experiment.set('control', newControl);
  candidates.delete(candidateId);
  candidates.set(formerId, formerControl);
  // The repository's line width: at the library's default of 80 it folds long ARNs mid-string.
  return yaml.toString({ lineWidth: 110 });
}

/** The promotion as moves of the entries' own text; null where an entry is not written one key per line. */
function movedAsWritten(
  text: string,
  found: { experiment: YAMLMap; candidates: YAMLMap; candidate: YAMLMap; formerId: string },
): string | null {
  const { experiment, candidates, candidate, formerId } = found;
  if (CANDIDATE_ONLY_KEYS.some((key) => candidate.has(key))) return null;
  const pairOf = (map: YAMLMap, value: unknown) =>
    map.items.find((item) => item.value === value) as Pair | undefined;
  const control = locate(text, pairOf(experiment, experiment.get('control', true)));
  const promoted = locate(text, pairOf(candidates, candidate));
  const last = locate(text, candidates.items.at(-1) as Pair | undefined);
  if (!control || !promoted || !last) return null;
  const former = rewritten(control, formerId, promoted.indent);
  // Later edits first, so that earlier offsets still hold; the control comes before its candidates.
  const edits: Array<{ from: number; to: number; text: string }> =
    last.from === promoted.from
      ? [{ from: promoted.from, to: promoted.to, text: former }]
      : [
          { from: last.to, to: last.to, text: `\n${former}` },
          { from: promoted.from, to: Math.min(promoted.to + 1, text.length), text: '' },
        ];
  edits.push({ from: control.from, to: control.to, text: rewritten(promoted, 'control', control.indent) });
  if (control.from > promoted.from) return null;
  return edits.reduce((result, edit) => result.slice(0, edit.from) + edit.text + result.slice(edit.to), text);
}

function functionNameOf(arn: string): string {
  const parts = arn.split(':');
  return (arn.startsWith('arn:') ? parts[6] : parts[0]) ?? '';
}

function uniqueId(wanted: string, candidates: YAMLMap): string {
  let id = wanted;
  for (let n = 2; candidates.has(id); n++) id = `${wanted}-${n}`;
  return id;
}
