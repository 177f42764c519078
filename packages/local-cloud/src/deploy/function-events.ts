import { DeployError } from './deploy-error.js';
import { parseScheduleExpression } from './schedule-expression.js';
import type { DocumentPath, ServerlessDocument } from './serverless-document.js';
import type { HttpRouteDefinition, ScheduleDefinition } from './service-definition.js';

export interface FunctionEvents {
  routes: HttpRouteDefinition[];
  schedules: ScheduleDefinition[];
}

const httpMethods = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY']);

/** Reads one function's `events:` (already resolved) into routes and schedules. */
export function functionEvents(
  functionName: string,
  events: unknown,
  path: DocumentPath,
  document: ServerlessDocument,
  httpApiPayloadVersion: '1.0' | '2.0',
  warnings: string[],
): FunctionEvents {
  const result: FunctionEvents = { routes: [], schedules: [] };
  if (events === undefined || events === null) return result;
  if (!Array.isArray(events)) throw document.error(path, 'events must be a list');
  events.forEach((event, index) => {
    const at = [...path, index];
    if (event === null || typeof event !== 'object' || Object.keys(event).length !== 1) {
      throw document.error(at, 'each event must be a mapping with one key, e.g. `- http: GET /path`');
    }
    const [[kind, settings]] = Object.entries(event) as [[string, unknown]];
    const kindPath = [...at, kind];
    switch (kind) {
      case 'http':
        result.routes.push(restRoute(functionName, settings, kindPath, document, warnings));
        break;
      case 'httpApi':
        result.routes.push(httpApiRoute(functionName, settings, kindPath, document, httpApiPayloadVersion));
        break;
      case 'schedule':
        result.schedules.push(...schedules(functionName, settings, kindPath, document));
        break;
      default:
        throw document.error(
          kindPath,
          `event type '${kind}' is not supported by the local cloud (supported: http, httpApi, schedule)`,
        );
    }
  });
  return result;
}

function restRoute(
  functionName: string,
  settings: unknown,
  path: DocumentPath,
  document: ServerlessDocument,
  warnings: string[],
): HttpRouteDefinition {
  const { method, routePath, object } = routeSettings(settings, path, document);
  if (object) {
    const integration = object.integration;
    if (integration !== undefined && !/^(lambda-proxy|aws_proxy|aws-proxy)$/i.test(String(integration))) {
      throw document.error(
        [...path, 'integration'],
        `integration '${String(integration)}' is not supported; the local cloud runs Lambda proxy integrations`,
      );
    }
    for (const key of ['cors', 'private', 'request']) {
      if (object[key] !== undefined) {
        warnings.push(`${where(document, [...path, key])}: http.${key} is accepted and has no local effect`);
      }
    }
  }
  return {
    kind: 'rest',
    method: normaliseMethod(method, path, document),
    path: normalisePath(routePath, path, document),
    functionName,
    payloadVersion: '1.0',
  };
}

function httpApiRoute(
  functionName: string,
  settings: unknown,
  path: DocumentPath,
  document: ServerlessDocument,
  payloadVersion: '1.0' | '2.0',
): HttpRouteDefinition {
  const { method, routePath } =
    settings === '*' ? { method: '*', routePath: '*' } : routeSettings(settings, path, document);
  return {
    kind: 'http',
    method: normaliseMethod(method, path, document),
    path: routePath === '*' ? '*' : normalisePath(routePath, path, document),
    functionName,
    payloadVersion,
  };
}

/** A route as `GET /path` or `{method, path, …}`; neither kind of API runs authorizers here. */
function routeSettings(
  settings: unknown,
  path: DocumentPath,
  document: ServerlessDocument,
): { method: unknown; routePath: unknown; object?: Record<string, unknown> } {
  if (typeof settings === 'string') {
    const [method, routePath] = settings.trim().split(/\s+/);
    return { method, routePath };
  }
  if (settings === null || typeof settings !== 'object') return { method: undefined, routePath: undefined };
  const object = settings as Record<string, unknown>;
  if (object.authorizer !== undefined) {
    throw document.error([...path, 'authorizer'], 'authorizers are not supported by the local cloud');
  }
  return { method: object.method, routePath: object.path, object };
}

function normaliseMethod(method: unknown, path: DocumentPath, document: ServerlessDocument): string {
  const upper = typeof method === 'string' ? method.toUpperCase() : '';
  const normalised = upper === '*' ? 'ANY' : upper;
  if (!httpMethods.has(normalised)) {
    throw document.error(path, `missing or unknown HTTP method '${String(method ?? '')}'`);
  }
  return normalised;
}

function normalisePath(routePath: unknown, path: DocumentPath, document: ServerlessDocument): string {
  if (typeof routePath !== 'string' || routePath.trim() === '') {
    throw document.error(path, 'an HTTP event needs a path');
  }
  const trimmed = routePath.trim().replace(/^\/+|\/+$/g, '');
  const segments = trimmed === '' ? [] : trimmed.split('/');
  segments.forEach((segment, index) => {
    if (segment.endsWith('+}') && index !== segments.length - 1) {
      throw document.error(path, `a greedy path parameter (${segment}) must be the last segment`);
    }
  });
  return `/${segments.join('/')}`;
}

function schedules(
  functionName: string,
  settings: unknown,
  path: DocumentPath,
  document: ServerlessDocument,
): ScheduleDefinition[] {
  const object: Record<string, unknown> =
    typeof settings === 'string' ? { rate: settings } : ((settings ?? {}) as Record<string, unknown>);
  const rates = Array.isArray(object.rate) ? object.rate : [object.rate];
  for (const key of ['inputPath', 'inputTransformer']) {
    if (object[key] !== undefined) {
      throw document.error([...path, key], `schedule.${key} is not supported by the local cloud; use input`);
    }
  }
  return rates.map((rate) => {
    if (typeof rate !== 'string') throw document.error(path, 'a schedule needs rate: rate(…) or cron(…)');
    try {
      parseScheduleExpression(rate);
    } catch (error) {
      throw new DeployError((error as Error).message, document.locate(path), { cause: error });
    }
    return {
      functionName,
      expression: rate,
      enabled: object.enabled !== false,
      ...(object.input === undefined ? {} : { input: object.input }),
    };
  });
}

function where(document: ServerlessDocument, path: DocumentPath): string {
  const { file, line, col } = document.locate(path);
  return `${file}:${line}:${col}`;
}
