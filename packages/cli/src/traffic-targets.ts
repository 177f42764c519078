import { type TrafficTarget, trafficProfiles } from '@serverless-scientist/traffic';
import { CliError } from './cli-error.js';
import type { EndpointsDocument } from './endpoints-document.js';

/** The function whose traffic suits a URL: the last segment of its path (`…/round` → `round`). */
function functionOfUrl(url: string): string {
  return new URL(url).pathname.split('/').filter(Boolean).at(-1) ?? '';
}

/**
 * Where traffic goes: the `--target` URL, or the scientist's URL of each chosen experiment (all
 * of them when none is chosen) whose path has a traffic profile.
 */
export function trafficTargets(
  experiments: EndpointsDocument['experiments'],
  chosen: readonly string[],
  target?: { url: string; function?: string },
): TrafficTarget[] {
  if (target) {
    const fn = target.function ?? functionOfUrl(target.url);
    if (!(fn in trafficProfiles)) {
      throw new CliError(
        `no traffic profile for '${fn}' (from ${target.url}); name one with --function ${Object.keys(trafficProfiles).join('|')}`,
      );
    }
    return [{ name: fn, url: target.url, function: fn }];
  }
  const unknown = chosen.filter((id) => !(id in experiments));
  if (unknown.length > 0) {
    throw new CliError(
      `no experiment ${unknown.join(', ')}; there are ${Object.keys(experiments).join(', ') || 'none'}`,
    );
  }
  const ids = chosen.length > 0 ? chosen : Object.keys(experiments);
  const targets = ids
    .map((id) => ({ name: id, url: experiments[id]!.url, function: functionOfUrl(experiments[id]!.url) }))
    .filter((candidate) => candidate.function in trafficProfiles);
  if (targets.length === 0) {
    throw new CliError(
      'no experiment to send traffic to: is the scientist deployed (`scientist endpoints`)?',
    );
  }
  return targets;
}
