import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadExperiments } from '@serverless-scientist/core';
import type { DeployedService, LocalCloudState } from '@serverless-scientist/local-cloud';

/** `scientist endpoints --json`, as the CLI contract fixes it. */
export interface EndpointsDocument {
  /** The scientist's base URL, or null while it is not deployed. */
  scientist: string | null;
  dashboard: string | null;
  experiments: Record<string, { url: string; method: string }>;
  /** `url` is the full URL of the function's first HTTP route, null for functions without one. */
  functions: Record<string, { url: string | null; runtime: string; memorySize: number }>;
  aws: { lambda: string; dynamodb: string };
}

/** The service whose functions are the scientist's: proxy, runner, rollout evaluator and data API. */
const scientistService = 'scientist';

/**
 * The URLs of a running local cloud: the scientist and its dashboard, one per experiment (the
 * scientist's URL for its path), every function's first HTTP route, and the SDK endpoints.
 */
export function endpointsDocument(
  state: Pick<LocalCloudState, 'endpoints'>,
  services: readonly DeployedService[],
  root: string,
  warn: (line: string) => void = () => undefined,
): EndpointsDocument {
  const scientist = services.find((service) => service.service === scientistService);
  const scientistUrl = scientist
    ? `${state.endpoints.gateway}/${scientist.service}/${scientist.stage}`
    : null;
  const functions: EndpointsDocument['functions'] = {};
  for (const service of services) {
    for (const fn of service.functions) {
      functions[fn.name] = { url: fn.url ?? null, runtime: fn.runtime, memorySize: fn.memorySizeMb };
    }
  }
  return {
    scientist: scientistUrl,
    dashboard: scientistUrl ? `${scientistUrl}/_scientist/` : null,
    experiments: scientistUrl ? experimentUrls(scientistUrl, root, warn) : {},
    functions,
    aws: { lambda: state.endpoints.lambda, dynamodb: state.endpoints.dynamodb },
  };
}

export function experimentUrls(scientistUrl: string, root: string, warn: (line: string) => void) {
  const file = path.join(root, 'packages', 'scientist', 'experiments.yaml');
  const experiments: EndpointsDocument['experiments'] = {};
  if (!existsSync(file)) return experiments;
  try {
    const definitions = loadExperiments(readFileSync(file, 'utf8'), { file: path.relative(root, file) });
    for (const experiment of definitions.experiments) {
      const method = experiment.methods.includes('GET') ? 'GET' : (experiment.methods[0] ?? 'GET');
      experiments[experiment.id] = { url: `${scientistUrl}/${experiment.path}`, method };
    }
  } catch (error) {
    warn(`experiments left out: ${(error as Error).message.split('\n')[0]}`);
  }
  return experiments;
}

/** The human-readable form: one line per URL. */
export function formatEndpoints(document: EndpointsDocument): string {
  const lines: string[] = [];
  if (document.scientist) {
    lines.push(`scientist   ${document.scientist}`, `dashboard   ${document.dashboard}`);
  } else {
    lines.push('scientist   (not deployed)');
  }
  for (const [id, experiment] of Object.entries(document.experiments)) {
    lines.push(`experiment  ${id}: ${experiment.method} ${experiment.url}`);
  }
  for (const [name, fn] of Object.entries(document.functions)) {
    lines.push(`function    ${name} (${fn.runtime}, ${fn.memorySize} MB)${fn.url ? `: ${fn.url}` : ''}`);
  }
  lines.push(
    `lambda      ${document.aws.lambda}   (AWS_ENDPOINT_URL_LAMBDA)`,
    `dynamodb    ${document.aws.dynamodb}   (AWS_ENDPOINT_URL_DYNAMODB)`,
  );
  return `${lines.join('\n')}\n`;
}
