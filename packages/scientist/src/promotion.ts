import { parseLambdaFunction } from '@serverless-scientist/core';
import { isMap, isScalar, parseDocument, type YAMLMap } from 'yaml';
import { DefinitionError } from './errors.js';

/** Keys that make sense for a candidate only; they are dropped when a candidate becomes the control. */
const CANDIDATE_ONLY_KEYS = ['sample', 'samplePercent', 'timeout', 'enabled'];

/**
 * Rewrites an experiments file so that `candidateId` becomes the control of `experimentId` and
 * the old control becomes a candidate (keyed by its function name), keeping comments and layout
 * elsewhere. The caller validates and publishes the result like any upload.
 */
export function promoteCandidate(source: string, experimentId: string, candidateId: string): string {
  const document = parseDocument(source);
  if (document.errors.length > 0) {
    throw new DefinitionError(
      'the experiments file does not parse as YAML',
      document.errors.map((e) => e.message),
    );
  }
  const experiment = document.getIn(['experiments', experimentId], true);
  if (!isMap(experiment)) {
    const known = document.getIn(['experiments']);
    const ids = isMap(known)
      ? known.items.map((item) => String(isScalar(item.key) ? item.key.value : item.key))
      : [];
    throw new DefinitionError(`no experiment '${experimentId}'`, [
      `known experiments: ${ids.join(', ') || 'none'}`,
    ]);
  }
  const candidates = experiment.get('candidates', true);
  const candidate = isMap(candidates) ? candidates.get(candidateId, true) : undefined;
  if (!isMap(candidates) || !isMap(candidate)) {
    const ids = isMap(candidates)
      ? candidates.items.map((item) => String(isScalar(item.key) ? item.key.value : item.key))
      : [];
    throw new DefinitionError(`experiment '${experimentId}' has no candidate '${candidateId}'`, [
      `its candidates: ${ids.join(', ') || 'none'}`,
    ]);
  }
  const control = experiment.get('control', true);
  if (!isMap(control)) {
    throw new DefinitionError(`experiment '${experimentId}' has no control mapping`, []);
  }
  const newControl = candidate.clone() as YAMLMap;
  for (const key of CANDIDATE_ONLY_KEYS) newControl.delete(key);
  const formerControl = control.clone() as YAMLMap;
  const formerId = uniqueId(functionNameOf(String(control.get('arn') ?? '')) || 'former-control', candidates);
  experiment.set('control', newControl);
  candidates.delete(candidateId);
  candidates.set(formerId, formerControl);
  return document.toString();
}

function functionNameOf(arn: string): string {
  return parseLambdaFunction(arn)?.functionName ?? '';
}

function uniqueId(wanted: string, candidates: YAMLMap): string {
  let id = wanted;
  for (let n = 2; candidates.has(id); n++) id = `${wanted}-${n}`;
  return id;
}
