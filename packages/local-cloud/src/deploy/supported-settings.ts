/**
 * What the local cloud does with each setting of a serverless.yml: the one place that decides it, read
 * by the loader and rendered into docs/reference/local-cloud.md (a test keeps the two the same).
 */

/** How one setting is handled: read and honoured, accepted with a warning, or refused with a reason. */
export type SettingHandling =
  | { readonly kind: 'read' }
  | { readonly kind: 'ignored' }
  | { readonly kind: 'unsupported'; readonly reason: string };

/** The settings one mapping of serverless.yml may hold; any key it does not name is an error. */
export class SettingsTable {
  readonly read: readonly string[];
  readonly ignored: readonly string[];
  readonly unsupported: Readonly<Record<string, string>>;
  readonly #read: ReadonlySet<string>;
  readonly #ignored: ReadonlySet<string>;

  constructor(
    /** Where the table applies, as the docs name it: `top level`, `provider`, … */
    readonly where: string,
    settings: { read: string[]; ignored: string[]; unsupported?: Record<string, string> },
  ) {
    this.read = Object.freeze([...settings.read]);
    this.ignored = Object.freeze([...settings.ignored]);
    this.unsupported = Object.freeze({ ...settings.unsupported });
    this.#read = new Set(this.read);
    this.#ignored = new Set(this.ignored);
    Object.freeze(this);
  }

  /** Undefined for a key the table does not know: not supported, with the caller's own message. */
  handlingOf(key: string): SettingHandling | undefined {
    const reason = Object.hasOwn(this.unsupported, key) ? this.unsupported[key] : undefined;
    if (reason !== undefined) return { kind: 'unsupported', reason };
    if (this.#ignored.has(key)) return { kind: 'ignored' };
    if (this.#read.has(key)) return { kind: 'read' };
    return undefined;
  }
}

export const topLevelSettings = new SettingsTable('top level', {
  read: [
    'service',
    'frameworkVersion',
    'provider',
    'functions',
    'resources',
    'custom',
    'package',
    'plugins',
    'configValidationMode',
    'variablesResolutionMode',
    'deprecationNotificationMode',
    'disabledDeprecations',
  ],
  ignored: ['org', 'app', 'outputs', 'params', 'useDotenv', 'console', 'dashboard'],
});

export const providerSettings = new SettingsTable('provider', {
  read: [
    'name',
    'runtime',
    'memorySize',
    'timeout',
    'environment',
    'stage',
    'region',
    'apiGateway',
    'httpApi',
  ],
  ignored: [
    'iam',
    'iamRoleStatements',
    'iamManagedPolicies',
    'role',
    'tracing',
    'logs',
    'logRetentionInDays',
    'deploymentBucket',
    'deploymentMethod',
    'deploymentPrefix',
    'versionFunctions',
    'architecture',
    'tags',
    'stackTags',
    'stackName',
    'profile',
    'lambdaHashingVersion',
    'vpc',
    'kmsKeyArn',
    'endpointType',
    'apiName',
    'cfnRole',
    'stackPolicy',
    'rolePermissionsBoundary',
    'runtimeManagement',
  ],
});

export const functionSettings = new SettingsTable('functions.<name>', {
  read: [
    'name',
    'handler',
    'runtime',
    'memorySize',
    'timeout',
    'environment',
    'events',
    'reservedConcurrency',
    'package',
    'tags',
  ],
  ignored: [
    'description',
    'role',
    'iamRoleStatements',
    'architecture',
    'tracing',
    'vpc',
    'provisionedConcurrency',
    'maximumRetryAttempts',
    'maximumEventAge',
    'logRetentionInDays',
    'disableLogs',
    'versionFunction',
    'kmsKeyArn',
    'ephemeralStorageSize',
    'runtimeManagement',
    'url',
  ],
  unsupported: {
    image: 'container image functions are not supported by the local cloud',
    layers: 'layers are not supported by the local cloud; bundle the code in the service directory',
    destinations: 'destinations are not supported by the local cloud',
    onError: 'onError (dead-letter queues) is not supported by the local cloud',
    fileSystemConfig: 'EFS file systems are not supported by the local cloud',
    snapStart: 'SnapStart is not supported by the local cloud',
  },
});

/** Plugins known not to change what runs: deploys go on with a warning; any other plugin is an error. */
export const pluginSettings = new SettingsTable('plugins', {
  read: [],
  ignored: [
    'serverless-iam-roles-per-function',
    'serverless-prune-plugin',
    'serverless-plugin-log-retention',
    'serverless-offline',
  ],
});

export const settingsTables: readonly SettingsTable[] = Object.freeze([
  topLevelSettings,
  providerSettings,
  functionSettings,
  pluginSettings,
]);

/** The docs' table of every setting the loader knows, one row per place in serverless.yml. */
export function emulatedSettingsList(tables: readonly SettingsTable[] = settingsTables): string {
  const names = (keys: readonly string[]) => (keys.length ? keys.map((key) => `\`${key}\``).join(', ') : '—');
  const rows = tables.map((table) => {
    const refused = Object.entries(table.unsupported).map(([key, reason]) => `\`${key}\` (${reason})`);
    const other = table === pluginSettings ? 'any other plugin' : 'any other key';
    return `| \`${table.where}\` | ${names(table.read)} | ${names(table.ignored)} | ${[...refused, other].join(', ')} |`;
  });
  return [
    '| where | read | accepted with a warning (no local effect) | an error |',
    '| --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}
