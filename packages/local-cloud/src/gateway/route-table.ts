import type { HttpRouteDefinition } from '../deploy/service-definition.js';

/** A route chosen for a request, with the path parameters it bound. */
export interface RouteMatch {
  route: HttpRouteDefinition;
  /** Decoded values of `{name}` and `{name+}` segments; empty when the route has none. */
  pathParameters: Record<string, string>;
}

/** Why no route was chosen: each kind of API answers differently (403 on REST, 404 on HTTP APIs). */
export type RouteMiss = { miss: 'rest' | 'http' };

type Segment =
  | { kind: 'literal'; text: string }
  | { kind: 'param'; name: string }
  | { kind: 'greedy'; name: string };

interface CompiledRoute {
  route: HttpRouteDefinition;
  segments: Segment[];
}

/**
 * One service's routes, matched as API Gateway does: literal segments beat `{param}`, which
 * beats `{proxy+}`; a method beats `ANY`; a REST route beats an HTTP API route for the same
 * request. REST chooses the resource first, so a matching path without the method is a miss.
 */
export class RouteTable {
  private readonly rest: CompiledRoute[];
  private readonly http: CompiledRoute[];

  constructor(routes: readonly HttpRouteDefinition[]) {
    const compile = (route: HttpRouteDefinition): CompiledRoute => ({
      route,
      segments: compilePath(route.path),
    });
    this.rest = routes.filter((route) => route.kind === 'rest').map(compile);
    this.http = routes.filter((route) => route.kind === 'http').map(compile);
  }

  match(method: string, path: string): RouteMatch | RouteMiss {
    const requestSegments = splitPath(path);
    const restMatches = this.candidates(this.rest, requestSegments);
    if (restMatches.length > 0) {
      const best = restMatches[0]!;
      const sameResource = restMatches.filter(
        (candidate) => candidate.route.route.path === best.route.route.path,
      );
      const chosen =
        sameResource.find((candidate) => candidate.route.route.method === method) ??
        sameResource.find((candidate) => candidate.route.route.method === 'ANY');
      if (chosen) return { route: chosen.route.route, pathParameters: chosen.parameters };
      if (this.http.length === 0) return { miss: 'rest' };
    }
    const httpMatches = this.candidates(
      this.http.filter((route) => route.route.method === method || route.route.method === 'ANY'),
      requestSegments,
    );
    const bestHttp = httpMatches.sort(
      (a, b) => compareSpecificity(a.route, b.route) || methodRank(a.route) - methodRank(b.route),
    )[0];
    if (bestHttp) return { route: bestHttp.route.route, pathParameters: bestHttp.parameters };
    const defaultRoute = this.http.find((route) => route.route.path === '*');
    if (defaultRoute) return { route: defaultRoute.route, pathParameters: {} };
    return { miss: this.rest.length > 0 || this.http.length === 0 ? 'rest' : 'http' };
  }

  private candidates(
    routes: readonly CompiledRoute[],
    requestSegments: readonly string[],
  ): { route: CompiledRoute; parameters: Record<string, string> }[] {
    const matches: { route: CompiledRoute; parameters: Record<string, string> }[] = [];
    for (const route of routes) {
      if (route.route.path === '*') continue;
      const parameters = bind(route.segments, requestSegments);
      if (parameters) matches.push({ route, parameters });
    }
    return matches.sort((a, b) => compareSpecificity(a.route, b.route));
  }
}

function methodRank(route: CompiledRoute): number {
  return route.route.method === 'ANY' ? 1 : 0;
}

function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

function compilePath(path: string): Segment[] {
  if (path === '*') return [];
  return splitPath(path).map((segment): Segment => {
    const parameter = /^\{([^}+]+)(\+?)\}$/.exec(segment);
    if (!parameter) return { kind: 'literal', text: segment };
    return parameter[2] ? { kind: 'greedy', name: parameter[1]! } : { kind: 'param', name: parameter[1]! };
  });
}

function bind(segments: readonly Segment[], request: readonly string[]): Record<string, string> | undefined {
  const parameters: Record<string, string> = {};
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index]!;
    const value = request[index];
    if (segment.kind === 'greedy') {
      if (value === undefined) return undefined;
      parameters[segment.name] = request.slice(index).map(decode).join('/');
      return parameters;
    }
    if (value === undefined) return undefined;
    if (segment.kind === 'literal') {
      if (decode(value) !== segment.text) return undefined;
    } else {
      parameters[segment.name] = decode(value);
    }
  }
  return segments.length === request.length ? parameters : undefined;
}

const rank = { literal: 0, param: 1, greedy: 2 } as const;

/** Negative when `a` is more specific: compared segment by segment, literal < param < greedy. */
function compareSpecificity(a: CompiledRoute, b: CompiledRoute): number {
  const length = Math.max(a.segments.length, b.segments.length);
  for (let index = 0; index < length; index++) {
    const left = a.segments[index];
    const right = b.segments[index];
    if (!left || !right) return left ? -1 : 1;
    const difference = rank[left.kind] - rank[right.kind];
    if (difference !== 0) return difference;
  }
  return 0;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
