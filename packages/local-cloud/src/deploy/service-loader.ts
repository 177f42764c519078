import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_REGION, LOCAL_ACCOUNT_ID } from '@serverless-scientist/core';
import { defaultMemorySizeMb, defaultTimeoutSeconds } from '../lambda/function-definition.js';
import { DeployError } from './deploy-error.js';
import { tableDefinition } from './dynamodb-tables.js';
import { functionDefinitions } from './function-definitions.js';
import type { IntrinsicContext } from './intrinsics.js';
import { ServerlessDocument } from './serverless-document.js';
import type { ServiceDefinition, TableDefinition } from './service-definition.js';
import { SettingReader } from './setting-reader.js';
import { pluginSettings, providerSettings, topLevelSettings } from './supported-settings.js';
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
  const accountId = options.accountId ?? LOCAL_ACCOUNT_ID;
  const resolver = new VariableResolver(document, {
    options: { ...options.options, stage: options.stage, region: options.region },
    env: options.env ?? process.env,
    accountId,
    defaultStage: 'dev',
    defaultRegion: options.defaultRegion ?? DEFAULT_REGION,
  });
  const reader = new SettingReader(document, resolver);
  checkTopLevel(reader);
  const service = serviceName(reader);
  checkPlugins(reader);
  checkProvider(reader);
  const { stage, region } = resolver;
  const stackName = `${service}-${stage}`;
  const { binaryMediaTypes, httpApiPayload } = gatewaySettings(reader);
  const tables = readTables(reader, stackName);
  const intrinsics: IntrinsicContext = {
    region,
    accountId,
    stackName,
    tables: new Map(tables.map((table) => [table.logicalId, table.tableName])),
  };
  const { functions, routes, schedules } = functionDefinitions(reader, {
    service,
    stage,
    region,
    accountId,
    serviceDir,
    environment: reader.environment(['provider', 'environment'], intrinsics),
    runtime: resolver.resolve(['provider', 'runtime']),
    memorySizeMb: reader.positiveNumber(['provider', 'memorySize'], defaultMemorySizeMb),
    timeoutSeconds: reader.positiveNumber(['provider', 'timeout'], defaultTimeoutSeconds),
    artifact: (reader.mapping(['package'], 'package') as { artifact?: unknown }).artifact,
    httpApiPayload,
    intrinsics,
  });
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
    warnings: reader.warnings,
  };
}

function checkTopLevel(reader: SettingReader): void {
  reader.check([], Object.keys(reader.document.root), topLevelSettings, {
    ignored: (key) => `${key} is accepted and has no local effect`,
    unknown: (key) => `top-level '${key}' is not supported by the local cloud`,
  });
}

function serviceName(reader: SettingReader): string {
  const value = reader.resolve(['service']);
  const service = typeof value === 'object' && value !== null ? (value as { name?: unknown }).name : value;
  if (typeof service !== 'string' || !/^[a-zA-Z][\w-]*$/.test(service)) {
    throw reader.document.error(['service'], 'service must be a name (letters, digits, - and _)');
  }
  return service;
}

function checkPlugins(reader: SettingReader): void {
  const plugins = reader.resolve(['plugins']);
  const pluginList = Array.isArray(plugins)
    ? plugins
    : ((plugins as { modules?: unknown[] } | undefined)?.modules ?? []);
  pluginList.forEach((plugin, index) => {
    const pluginPath = Array.isArray(plugins) ? ['plugins', index] : ['plugins', 'modules', index];
    if (pluginSettings.handlingOf(String(plugin))?.kind === 'ignored') {
      reader.warn(pluginPath, `plugin ${String(plugin)} is ignored locally`);
    } else {
      throw reader.document.error(
        pluginPath,
        `plugin ${String(plugin)} may change what is deployed, and the local cloud does not run plugins`,
      );
    }
  });
}

function checkProvider(reader: SettingReader): void {
  const { document } = reader;
  const provider = document.get(['provider']);
  if (provider === null || typeof provider !== 'object')
    throw document.error(['provider'], 'provider is missing');
  if (reader.resolve(['provider', 'name']) !== 'aws') {
    throw document.error(['provider', 'name'], "provider.name must be 'aws'");
  }
  reader.check(['provider'], Object.keys(provider), providerSettings, {
    ignored: (key) => `provider.${key} is accepted and has no local effect`,
    unknown: (key) => `provider.${key} is not supported by the local cloud`,
  });
}

/** `provider.apiGateway.binaryMediaTypes` and `provider.httpApi.payload`; the rest of both has no local effect. */
function gatewaySettings(reader: SettingReader): {
  binaryMediaTypes: string[];
  httpApiPayload: '1.0' | '2.0';
} {
  const apiGateway = reader.mapping(['provider', 'apiGateway'], 'provider.apiGateway');
  const binaryMediaTypes = Array.isArray(apiGateway.binaryMediaTypes)
    ? apiGateway.binaryMediaTypes.map(String)
    : [];
  for (const key of Object.keys(apiGateway)) {
    if (key !== 'binaryMediaTypes')
      reader.warn(['provider', 'apiGateway', key], `apiGateway.${key} has no local effect`);
  }
  const httpApi = reader.mapping(['provider', 'httpApi'], 'provider.httpApi');
  const payload = httpApi.payload === undefined ? '2.0' : String(httpApi.payload);
  if (payload !== '1.0' && payload !== '2.0') {
    throw reader.document.error(['provider', 'httpApi', 'payload'], "httpApi.payload must be '1.0' or '2.0'");
  }
  for (const key of Object.keys(httpApi)) {
    if (key !== 'payload') reader.warn(['provider', 'httpApi', key], `httpApi.${key} has no local effect`);
  }
  return { binaryMediaTypes, httpApiPayload: payload };
}

/** The `AWS::DynamoDB::Table` resources; other resources are not created, with a warning. */
function readTables(reader: SettingReader, stackName: string): TableDefinition[] {
  const { document, resolver, warnings } = reader;
  const resources = document.get(['resources']);
  if (resources === undefined || resources === null) return [];
  if (typeof resources !== 'object' || Array.isArray(resources)) {
    throw document.error(['resources'], 'resources must be a mapping (Resources, Outputs)');
  }
  for (const key of Object.keys(resources)) {
    if (key !== 'Resources') {
      reader.warn(['resources', key], `resources.${key} has no local effect`);
    }
  }
  const declared = document.get(['resources', 'Resources']) ?? {};
  const tables: TableDefinition[] = [];
  for (const logicalId of Object.keys(declared)) {
    const where = ['resources', 'Resources', logicalId];
    const type = resolver.resolve([...where, 'Type']);
    if (type !== 'AWS::DynamoDB::Table') {
      // Not created locally; a value the local cloud uses that refers to it fails with its own location.
      reader.warn(
        [...where, 'Type'],
        `resource ${logicalId} (${String(type)}) is not created locally; only AWS::DynamoDB::Table is`,
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
