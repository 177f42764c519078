import { isMap, isScalar, type YAMLMap } from 'yaml';
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
 * candidate (keyed by its function name), comments and layout elsewhere kept. The caller
 * validates and publishes the result like any upload.
 */
export function promoteCandidate(
  document: ExperimentsDocument,
  experimentId: string,
  candidateId: string,
): ExperimentsDocument {
  const yaml = document.yaml.clone();
  const experiment = yaml.getIn(['experiments', experimentId], true);
  if (!isMap(experiment)) {
    throw new ExperimentsEditError(`no experiment '${experimentId}'`, [
      `known experiments: ${keysOf(yaml.getIn(['experiments'])).join(', ') || 'none'}`,
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
  const newControl = candidate.clone() as YAMLMap;
  for (const key of CANDIDATE_ONLY_KEYS) newControl.delete(key);
  const formerControl = control.clone() as YAMLMap;
  const formerId = uniqueId(functionNameOf(String(control.get('arn') ?? '')) || 'former-control', candidates);
  experiment.set('control', newControl);
  candidates.delete(candidateId);
  candidates.set(formerId, formerControl);
  // The repository's line width: at the library's default of 80 it folds long ARNs mid-string.
  return parseExperimentsDocument(yaml.toString({ lineWidth: 110 }));
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
