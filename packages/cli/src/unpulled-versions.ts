import type { StoredDefinition } from '@serverless-scientist/scientist';
import { markedVersion, withoutMarkers } from './stored-version-marker.js';

/**
 * The stored versions an upload of a file would undo: those the scientist wrote itself (a
 * rollout's promotion, origin `rollout …`) after the version the file is based on. A person's
 * upload or the CLI's promote changed the file too, so only the scientist's own writes can be
 * missing from it.
 */
export interface UnpulledVersions {
  /** The stored version the file already holds; 0 when none of the history is known to be in it. */
  readonly base: number;
  readonly baseFrom: 'marker' | 'same text' | 'last upload' | 'none';
  /** Newest first, as the history. */
  readonly versions: readonly StoredDefinition[];
}

const writtenByScientist = (definition: StoredDefinition) => definition.origin.startsWith('rollout ');
const writtenFromAFile = (definition: StoredDefinition) =>
  definition.origin === 'upload' || definition.origin.startsWith('promote ');

/** `history` newest first, as `definitionHistory` gives it. */
export function unpulledVersions(text: string, history: readonly StoredDefinition[]): UnpulledVersions {
  const marked = markedVersion(text);
  const lastFromFile = history.find(writtenFromAFile)?.version;
  let base = marked ?? lastFromFile ?? 0;
  let baseFrom: UnpulledVersions['baseFrom'] =
    marked !== undefined ? 'marker' : lastFromFile !== undefined ? 'last upload' : 'none';
  // A file with exactly a version's text holds that version, whatever its marker says.
  const content = withoutMarkers(text);
  const same = history.find((definition) => withoutMarkers(definition.source) === content)?.version;
  if (same !== undefined && same > base) {
    base = same;
    baseFrom = 'same text';
  }
  return Object.freeze({
    base,
    baseFrom,
    versions: Object.freeze(
      history.filter((definition) => definition.version > base && writtenByScientist(definition)),
    ),
  });
}
