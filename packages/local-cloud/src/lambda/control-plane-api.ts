import type { IncomingMessage, ServerResponse } from 'node:http';
import { functionNotFound, invalidParameter, type LambdaServiceError } from './errors.js';
import { type FunctionDefinition, functionArn } from './function-definition.js';
import { parseFunctionReference } from './function-name.js';

/**
 * The read operations of Lambda's control plane that tools use to see what is deployed —
 * ListFunctions, GetFunction and GetFunctionConfiguration — answered in the shapes the AWS SDK
 * parses, so the tutorial's checks and `experiments upload` make the same calls locally and on AWS.
 */

/** A deployed function and when it was deployed, as the Lambda service knows it. */
export interface DeployedFunctionRecord {
  definition: FunctionDefinition;
  lastModified: Date;
}

export interface ControlPlaneLookup {
  all(): readonly DeployedFunctionRecord[];
  find(name: string): DeployedFunctionRecord | undefined;
}

const listPattern = /^\/2015-03-31\/functions\/?$/;
const functionPattern = /^\/2015-03-31\/functions\/([^/]+)(\/configuration)?\/?$/;

/** Lambda's ListFunctions page size when MaxItems is not given, and its upper bound. */
const maxItemsLimit = 50;

/** Lambda writes LastModified as `2026-12-01T10:12:30.123+0000`. */
function lambdaTimestamp(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}

/** The FunctionConfiguration object of the Lambda API. */
export function functionConfiguration(record: DeployedFunctionRecord): Record<string, unknown> {
  const fn = record.definition;
  const role = `arn:aws:iam::${fn.accountId}:role/${fn.service ?? fn.name}-${fn.stage ?? 'dev'}-${fn.region}-lambdaRole`;
  return {
    FunctionName: fn.name,
    FunctionArn: functionArn(fn),
    Runtime: fn.runtime,
    Role: role,
    Handler: fn.handler,
    Timeout: fn.timeoutSeconds,
    MemorySize: fn.memorySizeMb,
    LastModified: lambdaTimestamp(record.lastModified),
    Version: '$LATEST',
    Environment: { Variables: { ...fn.environment } },
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
    Architectures: ['x86_64'],
  };
}

function writeJson(response: ServerResponse, statusCode: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(statusCode, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}

function writeError(response: ServerResponse, error: LambdaServiceError): void {
  const outcome = error.toOutcome();
  response.writeHead(outcome.statusCode, {
    'Content-Type': 'application/json',
    'Content-Length': outcome.payload.byteLength,
    'x-amzn-errortype': error.errorType,
  });
  response.end(outcome.payload);
}

function listFunctions(response: ServerResponse, query: URLSearchParams, lookup: ControlPlaneLookup): void {
  const maxItemsText = query.get('MaxItems');
  const maxItems = maxItemsText === null ? maxItemsLimit : Number(maxItemsText);
  if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > 10_000) {
    writeError(response, invalidParameter(`MaxItems must be a whole number from 1, got '${maxItemsText}'`));
    return;
  }
  const sorted = [...lookup.all()].sort((a, b) => a.definition.name.localeCompare(b.definition.name));
  // The marker is the last name of the previous page: stable while functions come and go.
  const marker = query.get('Marker');
  const start = marker ? sorted.findIndex((record) => record.definition.name > marker) : 0;
  const page = start < 0 ? [] : sorted.slice(start, start + Math.min(maxItems, maxItemsLimit));
  const last = page.at(-1);
  const more = last !== undefined && sorted.at(-1) !== last;
  writeJson(response, 200, {
    Functions: page.map(functionConfiguration),
    ...(more ? { NextMarker: last.definition.name } : {}),
  });
}

/** Answers ListFunctions, GetFunction and GetFunctionConfiguration; returns false for other requests. */
export function handleControlPlaneApi(
  request: IncomingMessage,
  response: ServerResponse,
  lookup: ControlPlaneLookup,
  arnOf: (name: string) => string,
): boolean {
  if (request.method !== 'GET') return false;
  const url = new URL(request.url ?? '/', 'http://lambda');
  if (listPattern.test(url.pathname)) {
    request.resume();
    listFunctions(response, url.searchParams, lookup);
    return true;
  }
  const match = functionPattern.exec(url.pathname);
  if (!match) return false;
  request.resume();
  const qualifier = url.searchParams.get('Qualifier') ?? undefined;
  const reference = parseFunctionReference(decodeURIComponent(match[1]!), qualifier);
  if (!reference) {
    writeError(response, invalidParameter(`'${match[1]}' is not a function name or ARN`));
    return true;
  }
  const record = lookup.find(reference.name);
  if (!record) {
    writeError(response, functionNotFound(arnOf(reference.name)));
    return true;
  }
  if (reference.qualifier && reference.qualifier !== '$LATEST') {
    writeError(response, functionNotFound(`${arnOf(reference.name)}:${reference.qualifier}`));
    return true;
  }
  const configuration = functionConfiguration(record);
  if (match[2]) {
    writeJson(response, 200, configuration);
    return true;
  }
  const fn = record.definition;
  writeJson(response, 200, {
    Configuration: configuration,
    // The code stays where it was deployed from; there is no S3 copy to point at.
    Code: { RepositoryType: 'Local', Location: `file://${fn.artifact ?? fn.codeDir}` },
    ...(fn.reservedConcurrency === undefined
      ? {}
      : { Concurrency: { ReservedConcurrentExecutions: fn.reservedConcurrency } }),
  });
  return true;
}
