import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  defaultMemorySizeMb,
  defaultTimeoutSeconds,
  type FunctionDefinition,
} from '../lambda/function-definition.js';
import { DeployError, formatLocation } from './deploy-error.js';
import { tableDefinition } from './dynamodb-tables.js';
import { functionEvents } from './function-events.js';
import { evaluateIntrinsics, type IntrinsicContext } from './intrinsics.js';
import { type DocumentPath, ServerlessDocument } from './serverless-document.js';
import type { ServiceDefinition, TableDefinition } from './service-definition.js';
import { VariableResolver } from './variables.js';

export interface LoadServiceOptions {
  /** `--stage`, as `serverless deploy --stage` takes it. */
  stage?: string;
  /** `--region`. */
  region?: string;
  /** Other `--name value` options, for `${opt:name}`. */
  options?: Record<string, string>;
  /** For `${env:…}`; defaults to this process's environment. */
  env?: Readonly<Record<string, string | undefined>>;
  accountId?: string;
  /** The region when neither `--region` nor `provider.region` gives one. */
  defaultRegion?: string;
}

export const localAccountId = '000000000000';

/** Top-level keys with no local meaning: accepted with a warning. */
const ignoredTopLevel = new Set(['org', 'app', 'outputs', 'params', 'useDotenv', 'console', 'dashboard']);
const silentTopLevel = new Set([
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
]);
const providerKeys = new Set(['name', 'runtime', 'memorySize', 'timeout', 'environment', 'stage', 'region']);
const providerIgnored = new Set([
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
]);
const functionKeys = new Set([
  'name',
  'handler',
  'runtime',
  'memorySize',
  'timeout',
  'environment',
  'events',
  'reservedConcurrency',
  'package',
]);
const functionIgnored = new Set([
  'description',
  'role',
  'iamRoleStatements',
  'architecture',
  'tags',
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
]);
const functionUnsupported: Record<string, string> = {
  image: 'container image functions are not supported by the local cloud',
  layers: 'layers are not supported by the local cloud; bundle the code in the service directory',
  destinations: 'destinations are not supported by the local cloud',
  onError: 'onError (dead-letter queues) is not supported by the local cloud',
  fileSystemConfig: 'EFS file systems are not supported by the local cloud',
  snapStart: 'SnapStart is not supported by the local cloud',
};
/** Plugins known not to change what runs: deploys go on with a warning. */
const harmlessPlugins = new Set([
  'serverless-iam-roles-per-function',
  'serverless-prune-plugin',
  'serverless-plugin-log-retention',
  'serverless-offline',
]);

/** Finds the serverless.yml in `dir`. */
export function serverlessFile(dir: string): string {
  for (const name of ['serverless.yml', 'serverless.yaml']) {
    const file = path.join(dir, name);
    if (existsSync(file)) return file;
  }
  for (const name of ['serverless.ts', 'serverless.js', 'serverless.json']) {
    if (existsSync(path.join(dir, name))) {
      throw new DeployError(`${path.join(dir, name)}: the local cloud reads serverless.yml only`);
    }
  }
  throw new DeployError(`no serverless.yml in ${dir}`);
}

/**
 * Reads the serverless.yml in `dir` the way `serverless deploy` would, and resolves it into the
 * functions, routes, schedules and tables the local cloud deploys. Anything it cannot honour is
 * a DeployError at `file:line:col`; settings without local effect become warnings.
 */
export async function loadServiceDefinition(
  dir: string,
  options: LoadServiceOptions = {},
): Promise<ServiceDefinition> {
  const serviceDir = path.resolve(dir);
  const file = serverlessFile(serviceDir);
  const document = await ServerlessDocument.read(file);
  return serviceDefinitionOf(document, serviceDir, options);
}

export function serviceDefinitionOf(
  document: ServerlessDocument,
  serviceDir: string,
  options: LoadServiceOptions = {},
): ServiceDefinition {
  const accountId = options.accountId ?? localAccountId;
  const resolver = new VariableResolver(document, {
    options: { ...options.options, stage: options.stage, region: options.region },
    env: options.env ?? process.env,
    accountId,
    defaultStage: 'dev',
    defaultRegion: options.defaultRegion ?? 'eu-west-1',
  });
  const warnings: string[] = [];
  const at = (where: DocumentPath) => formatLocation(document.locate(where));
  const mapping = (where: DocumentPath, what: string): Record<string, unknown> => {
    const value = resolver.resolve(where);
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value))
      throw document.error(where, `${what} must be a mapping`);
    return value as Record<string, unknown>;
  };

  for (const key of Object.keys(document.root)) {
    if (ignoredTopLevel.has(key)) warnings.push(`${at([key])}: ${key} is accepted and has no local effect`);
    else if (!silentTopLevel.has(key)) {
      throw document.error([key], `top-level '${key}' is not supported by the local cloud`);
    }
  }

  const serviceValue = resolver.resolve(['service']);
  const service =
    typeof serviceValue === 'object' && serviceValue !== null
      ? (serviceValue as { name?: unknown }).name
      : serviceValue;
  if (typeof service !== 'string' || !/^[a-zA-Z][\w-]*$/.test(service)) {
    throw document.error(['service'], 'service must be a name (letters, digits, - and _)');
  }

  const plugins = resolver.resolve(['plugins']);
  const pluginList = Array.isArray(plugins)
    ? plugins
    : ((plugins as { modules?: unknown[] } | undefined)?.modules ?? []);
  pluginList.forEach((plugin, index) => {
    const pluginPath = Array.isArray(plugins) ? ['plugins', index] : ['plugins', 'modules', index];
    if (harmlessPlugins.has(String(plugin))) {
      warnings.push(`${at(pluginPath)}: plugin ${String(plugin)} is ignored locally`);
    } else {
      throw document.error(
        pluginPath,
        `plugin ${String(plugin)} may change what is deployed, and the local cloud does not run plugins`,
      );
    }
  });

  const provider = document.get(['provider']);
  if (provider === null || typeof provider !== 'object')
    throw document.error(['provider'], 'provider is missing');
  if (resolver.resolve(['provider', 'name']) !== 'aws') {
    throw document.error(['provider', 'name'], "provider.name must be 'aws'");
  }
  for (const key of Object.keys(provider)) {
    if (providerIgnored.has(key)) {
      warnings.push(`${at(['provider', key])}: provider.${key} is accepted and has no local effect`);
    } else if (!providerKeys.has(key) && key !== 'apiGateway' && key !== 'httpApi') {
      throw document.error(['provider', key], `provider.${key} is not supported by the local cloud`);
    }
  }
  const stage = resolver.stage;
  const region = resolver.region;
  const stackName = `${service}-${stage}`;

  const apiGateway = mapping(['provider', 'apiGateway'], 'provider.apiGateway');
  const binaryMediaTypes = Array.isArray(apiGateway.binaryMediaTypes)
    ? apiGateway.binaryMediaTypes.map(String)
    : [];
  for (const key of Object.keys(apiGateway)) {
    if (key !== 'binaryMediaTypes') {
      warnings.push(`${at(['provider', 'apiGateway', key])}: apiGateway.${key} has no local effect`);
    }
  }
  const httpApi = mapping(['provider', 'httpApi'], 'provider.httpApi');
  const payload = httpApi.payload === undefined ? '2.0' : String(httpApi.payload);
  if (payload !== '1.0' && payload !== '2.0') {
    throw document.error(['provider', 'httpApi', 'payload'], "httpApi.payload must be '1.0' or '2.0'");
  }
  for (const key of Object.keys(httpApi)) {
    if (key !== 'payload')
      warnings.push(`${at(['provider', 'httpApi', key])}: httpApi.${key} has no local effect`);
  }

  const tables = readTables(document, resolver, stackName, warnings);
  const context: IntrinsicContext = {
    region,
    accountId,
    stackName,
    tables: new Map(tables.map((table) => [table.logicalId, table.tableName])),
  };
  const environmentOf = (where: DocumentPath): Record<string, string> => {
    const raw = evaluateIntrinsics(mapping(where, 'environment'), where, document, context) as Record<
      string,
      unknown
    >;
    return Object.fromEntries(
      Object.entries(raw).map(([name, value]) => {
        if (value !== null && typeof value === 'object') {
          throw document.error(
            [...where, name],
            `environment variable ${name} must be a string, not a structure`,
          );
        }
        return [name, value === null || value === undefined ? '' : String(value)];
      }),
    );
  };
  const number = (where: DocumentPath, fallback: number | undefined): number | undefined => {
    const value = resolver.resolve(where);
    if (value === undefined || value === null) return fallback;
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed <= 0) throw document.error(where, 'must be a positive number');
    return parsed;
  };

  const providerEnvironment = environmentOf(['provider', 'environment']);
  const providerRuntime = resolver.resolve(['provider', 'runtime']);
  const providerMemory = number(['provider', 'memorySize'], defaultMemorySizeMb) ?? defaultMemorySizeMb;
  const providerTimeout = number(['provider', 'timeout'], defaultTimeoutSeconds) ?? defaultTimeoutSeconds;
  const serviceArtifact = (mapping(['package'], 'package') as { artifact?: unknown }).artifact;

  const functions: FunctionDefinition[] = [];
  const routes: ServiceDefinition['routes'] = [];
  const schedules: ServiceDefinition['schedules'] = [];
  const functionsNode = document.get(['functions']);
  if (functionsNode !== undefined && (functionsNode === null || typeof functionsNode !== 'object')) {
    throw document.error(['functions'], 'functions must be a mapping');
  }
  for (const key of Object.keys(functionsNode ?? {})) {
    const base = ['functions', key];
    const raw = document.get(base);
    if (raw === null || typeof raw !== 'object')
      throw document.error(base, `function ${key} must be a mapping`);
    for (const setting of Object.keys(raw)) {
      const message = functionUnsupported[setting];
      if (message) throw document.error([...base, setting], message);
      if (functionIgnored.has(setting)) {
        warnings.push(`${at([...base, setting])}: ${setting} is accepted and has no local effect`);
      } else if (!functionKeys.has(setting)) {
        throw document.error(
          [...base, setting],
          `function setting '${setting}' is not supported by the local cloud`,
        );
      }
    }
    const name = resolver.resolve([...base, 'name']) ?? `${service}-${stage}-${key}`;
    const handler = resolver.resolve([...base, 'handler']);
    if (typeof handler !== 'string' || handler === '') {
      throw document.error(base, `function ${key} needs a handler`);
    }
    const runtime = resolver.resolve([...base, 'runtime']) ?? providerRuntime;
    if (typeof runtime !== 'string') {
      throw document.error(
        base,
        `function ${key} has no runtime; set provider.runtime or functions.${key}.runtime`,
      );
    }
    const functionPackage = mapping([...base, 'package'], 'package') as { artifact?: unknown };
    const artifact = functionPackage.artifact ?? serviceArtifact;
    const reservedConcurrency = resolver.resolve([...base, 'reservedConcurrency']);
    if (
      reservedConcurrency != null &&
      !(Number.isInteger(reservedConcurrency) && Number(reservedConcurrency) >= 0)
    ) {
      throw document.error(
        [...base, 'reservedConcurrency'],
        'reservedConcurrency must be a whole number ≥ 0',
      );
    }
    const definition: FunctionDefinition = {
      name: String(name),
      runtime,
      handler,
      codeDir: serviceDir,
      ...(typeof artifact === 'string' ? { artifact: path.resolve(serviceDir, artifact) } : {}),
      memorySizeMb: number([...base, 'memorySize'], providerMemory) ?? providerMemory,
      timeoutSeconds: number([...base, 'timeout'], providerTimeout) ?? providerTimeout,
      environment: { ...providerEnvironment, ...environmentOf([...base, 'environment']) },
      ...(reservedConcurrency == null ? {} : { reservedConcurrency: Number(reservedConcurrency) }),
      region,
      accountId,
      service,
      stage,
    };
    functions.push(definition);
    const events = functionEvents(
      definition.name,
      resolver.resolve([...base, 'events']),
      [...base, 'events'],
      document,
      payload,
      warnings,
    );
    routes.push(...events.routes);
    schedules.push(...events.schedules);
  }
  return {
    service,
    stage,
    region,
    dir: serviceDir,
    file: document.file,
    functions,
    routes,
    schedules,
    tables,
    binaryMediaTypes,
    warnings,
  };
}

function readTables(
  document: ServerlessDocument,
  resolver: VariableResolver,
  stackName: string,
  warnings: string[],
): TableDefinition[] {
  const resources = document.get(['resources']);
  if (resources === undefined || resources === null) return [];
  if (typeof resources !== 'object' || Array.isArray(resources)) {
    throw document.error(['resources'], 'resources must be a mapping (Resources, Outputs)');
  }
  for (const key of Object.keys(resources)) {
    if (key !== 'Resources') {
      warnings.push(
        `${formatLocation(document.locate(['resources', key]))}: resources.${key} has no local effect`,
      );
    }
  }
  const declared = document.get(['resources', 'Resources']) ?? {};
  const tables: TableDefinition[] = [];
  for (const logicalId of Object.keys(declared)) {
    const where = ['resources', 'Resources', logicalId];
    const type = resolver.resolve([...where, 'Type']);
    if (type !== 'AWS::DynamoDB::Table') {
      // Not created locally; a value the local cloud uses that refers to it fails with its own location.
      warnings.push(
        `${formatLocation(document.locate([...where, 'Type']))}: resource ${logicalId} (${String(type)}) is not created locally; only AWS::DynamoDB::Table is`,
      );
      continue;
    }
    const properties = resolver.resolve([...where, 'Properties']);
    if (properties === null || typeof properties !== 'object') {
      throw document.error(where, `table ${logicalId} needs Properties`);
    }
    tables.push(
      tableDefinition(
        logicalId,
        properties as Record<string, unknown>,
        stackName,
        [...where, 'Properties'],
        document,
        warnings,
      ),
    );
  }
  return tables;
}
