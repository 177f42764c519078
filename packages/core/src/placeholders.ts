/**
 * Placeholders an experiments file may hold in any string: `{AWSREGION}` and `{AWSACCOUNT_ID}` (the
 * tutorial's originals) and `${env:NAME}`. They are filled in from an environment map passed in.
 */
const PLACEHOLDER = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}|\{(AWSREGION|AWSACCOUNT_ID)\}/g;

/** Where each tutorial placeholder is looked up, first match wins. */
const SOURCES: Readonly<Record<string, readonly string[]>> = {
  AWSREGION: ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWSREGION'],
  AWSACCOUNT_ID: ['AWS_ACCOUNT_ID', 'AWSACCOUNT_ID'],
};

export interface UnresolvedPlaceholder {
  readonly placeholder: string;
  /** The environment variable(s) that were looked up. */
  readonly variables: readonly string[];
  /** Offset of the placeholder within the string. */
  readonly index: number;
}

export interface PlaceholderResolution {
  readonly value: string;
  readonly unresolved: readonly UnresolvedPlaceholder[];
}

export function containsPlaceholder(value: string): boolean {
  return new RegExp(PLACEHOLDER.source).test(value);
}

export function resolvePlaceholders(value: string, env: Readonly<Record<string, string | undefined>>) {
  const unresolved: UnresolvedPlaceholder[] = [];
  const resolved = value.replace(PLACEHOLDER, (placeholder, envName: string | undefined, awsName, index) => {
    const variables = envName === undefined ? (SOURCES[awsName as string] ?? []) : [envName];
    const found = variables.map((name) => env[name]).find((v) => v !== undefined && v !== '');
    if (found !== undefined) return found;
    unresolved.push({ placeholder, variables, index: index as number });
    return placeholder;
  });
  return { value: resolved, unresolved } satisfies PlaceholderResolution;
}
