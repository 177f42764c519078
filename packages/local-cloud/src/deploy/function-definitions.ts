import path from 'node:path';
import { cpuPriorityTag, type FunctionDefinition } from '../lambda/function-definition.js';
import { functionEvents } from './function-events.js';
import type { IntrinsicContext } from './intrinsics.js';
import type { ServiceDefinition } from './service-definition.js';
import type { SettingReader } from './setting-reader.js';
import { functionSettings } from './supported-settings.js';

/** What every function of a service inherits from the service and its provider. */
export interface FunctionDefaults {
  service: string;
  stage: string;
  region: string;
  accountId: string;
  serviceDir: string;
  runtime: unknown;
  memorySizeMb: number;
  timeoutSeconds: number;
  environment: Record<string, string>;
  /** The service's `package.artifact`. */
  artifact: unknown;
  httpApiPayload: '1.0' | '2.0';
  intrinsics: IntrinsicContext;
}

type FunctionsAndEvents = Pick<ServiceDefinition, 'functions' | 'routes' | 'schedules'>;

/** The `functions:` mapping: each function's definition and the routes and schedules of its events. */
export function functionDefinitions(reader: SettingReader, defaults: FunctionDefaults): FunctionsAndEvents {
  const { document } = reader;
  const result: FunctionsAndEvents = { functions: [], routes: [], schedules: [] };
  const functionsNode = document.get(['functions']);
  if (functionsNode !== undefined && (functionsNode === null || typeof functionsNode !== 'object')) {
    throw document.error(['functions'], 'functions must be a mapping');
  }
  for (const key of Object.keys(functionsNode ?? {})) {
    const definition = functionDefinition(reader, key, defaults);
    result.functions.push(definition);
    const base = ['functions', key, 'events'];
    const events = functionEvents(
      definition.name,
      reader.resolve(base),
      base,
      document,
      defaults.httpApiPayload,
      reader.warnings,
    );
    result.routes.push(...events.routes);
    result.schedules.push(...events.schedules);
  }
  return result;
}

function functionDefinition(
  reader: SettingReader,
  key: string,
  defaults: FunctionDefaults,
): FunctionDefinition {
  const { document } = reader;
  const base = ['functions', key];
  const raw = document.get(base);
  if (raw === null || typeof raw !== 'object')
    throw document.error(base, `function ${key} must be a mapping`);
  reader.check(base, Object.keys(raw), functionSettings, {
    ignored: (setting) => `${setting} is accepted and has no local effect`,
    unknown: (setting) => `function setting '${setting}' is not supported by the local cloud`,
  });
  const name = reader.resolve([...base, 'name']) ?? `${defaults.service}-${defaults.stage}-${key}`;
  const handler = reader.resolve([...base, 'handler']);
  if (typeof handler !== 'string' || handler === '') {
    throw document.error(base, `function ${key} needs a handler`);
  }
  const runtime = reader.resolve([...base, 'runtime']) ?? defaults.runtime;
  if (typeof runtime !== 'string') {
    throw document.error(
      base,
      `function ${key} has no runtime; set provider.runtime or functions.${key}.runtime`,
    );
  }
  const functionPackage = reader.mapping([...base, 'package'], 'package') as { artifact?: unknown };
  const artifact = functionPackage.artifact ?? defaults.artifact;
  const reservedConcurrency = reader.resolve([...base, 'reservedConcurrency']);
  if (
    reservedConcurrency != null &&
    !(Number.isInteger(reservedConcurrency) && Number(reservedConcurrency) >= 0)
  ) {
    throw document.error([...base, 'reservedConcurrency'], 'reservedConcurrency must be a whole number ≥ 0');
  }
  const tags = reader.mapping([...base, 'tags'], 'tags') as Record<string, unknown>;
  const priority = tags[cpuPriorityTag];
  if (priority !== undefined && priority !== 'background')
    throw document.error(
      [...base, 'tags', cpuPriorityTag],
      `${cpuPriorityTag} must be background (or left out), not ${JSON.stringify(priority)}`,
    );
  return {
    name: String(name),
    runtime,
    handler,
    codeDir: defaults.serviceDir,
    ...(typeof artifact === 'string' ? { artifact: path.resolve(defaults.serviceDir, artifact) } : {}),
    memorySizeMb: reader.positiveNumber([...base, 'memorySize'], defaults.memorySizeMb),
    timeoutSeconds: reader.positiveNumber([...base, 'timeout'], defaults.timeoutSeconds),
    environment: {
      ...defaults.environment,
      ...reader.environment([...base, 'environment'], defaults.intrinsics),
    },
    ...(reservedConcurrency == null ? {} : { reservedConcurrency: Number(reservedConcurrency) }),
    ...(priority === 'background' ? { cpuPriority: 'background' as const } : {}),
    region: defaults.region,
    accountId: defaults.accountId,
    service: defaults.service,
    stage: defaults.stage,
  };
}
