import type { Experiment } from '@serverless-scientist/core';
import { checkExperiments, type DefinitionStore } from '@serverless-scientist/scientist';
import { lostChanges } from './lost-changes.js';
import { type UnpulledVersions, unpulledVersions } from './unpulled-versions.js';

type PlaceholderEnv = NonNullable<Parameters<typeof checkExperiments>[2]>['env'];

/** How far back `upload` looks for the version a file is based on. */
const GUARDED_VERSIONS = 100;

const minuteOf = (epochMs: number) => `${new Date(epochMs).toISOString().slice(0, 16)}Z`;

function baseLine(shown: string, unpulled: UnpulledVersions): string {
  switch (unpulled.baseFrom) {
    case 'marker':
      return `${shown} is based on stored version ${unpulled.base} (its marker line says so)`;
    case 'same text':
      return `${shown} holds stored version ${unpulled.base} (the same text)`;
    case 'last upload':
      return `${shown} has no marker line, so it is taken to be the last version uploaded or promoted, ${unpulled.base}`;
    case 'none':
      return `${shown} has no marker line and none of the newest ${GUARDED_VERSIONS} stored versions was uploaded or promoted`;
  }
}

/**
 * The versions the scientist stored itself (a rollout's promotion) that a file lacks, described
 * for a person: publishing the file would silently undo them. Undefined when it lacks none.
 */
export async function storedChangesMissing(
  store: Pick<DefinitionStore, 'definitionHistory'>,
  shown: string,
  source: string,
  experiments: readonly Experiment[],
  env: PlaceholderEnv | undefined,
): Promise<{ newest: number; lines: readonly string[] } | undefined> {
  const unpulled = unpulledVersions(source, await store.definitionHistory(GUARDED_VERSIONS));
  const [newest] = unpulled.versions;
  if (!newest) return;
  const lines = [`${baseLine(shown, unpulled)}; the scientist has stored since:`];
  for (const version of unpulled.versions) {
    lines.push(`  version ${version.version}, ${minuteOf(version.uploadedAt)}: ${version.origin}`);
  }
  const stored = checkExperiments(newest.source, `stored version ${newest.version}`, env ? { env } : {});
  const changes = stored.ok ? lostChanges(experiments, stored.experiments) : [];
  lines.push(
    changes.length > 0
      ? `uploading ${shown} would undo:`
      : `uploading ${shown} would undo what those versions changed in the text`,
  );
  for (const change of changes) lines.push(`  ${change}`);
  return { newest: newest.version, lines };
}
