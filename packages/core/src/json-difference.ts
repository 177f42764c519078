import { isWithin, type JsonPath, parseJsonPath, toJsonPointer } from './json-path.js';

export interface JsonDifference {
  /** JSON pointer; `` is the whole document. */
  readonly path: string;
  /** undefined where the value is absent on that side. */
  readonly control: unknown;
  readonly candidate: unknown;
}

export interface JsonComparisonOptions {
  readonly ignorePaths: readonly string[];
  readonly tolerance: number;
  readonly unorderedArrays: boolean;
}

/** Beyond this many differences a diff stops being read; the list is cut there. */
export const MAX_JSON_DIFFERENCES = 50;
/** Pairings tried when matching unordered arrays element by element; larger arrays compare sorted. */
const MAX_UNORDERED_PAIRINGS = 250_000;

/** Structural differences between two parsed JSON values, in document order. */
export function jsonDifferences(
  control: unknown,
  candidate: unknown,
  options: JsonComparisonOptions,
): readonly JsonDifference[] {
  const ignored = options.ignorePaths.map((path) => parseJsonPath(path) ?? []);
  const differences: JsonDifference[] = [];
  const walk = (a: unknown, b: unknown, path: JsonPath): void => {
    if (differences.length >= MAX_JSON_DIFFERENCES) return;
    if (ignored.some((pattern) => isWithin(path, pattern))) return;
    if (Array.isArray(a) && Array.isArray(b)) {
      if (options.unorderedArrays) {
        walkUnordered(a, b, path);
        return;
      }
      for (let index = 0; index < Math.max(a.length, b.length); index++)
        walk(a[index], b[index], [...path, String(index)]);
      return;
    }
    if (isObject(a) && isObject(b)) {
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
      for (const key of keys) walk(a[key], b[key], [...path, key]);
      return;
    }
    if (!leavesEqual(a, b, options.tolerance)) {
      differences.push(Object.freeze({ path: toJsonPointer(path), control: a, candidate: b }));
    }
  };
  const walkUnordered = (a: readonly unknown[], b: readonly unknown[], path: JsonPath): void => {
    const same = (x: unknown, y: unknown, index: number) =>
      jsonDifferences(x, y, { ...options, ignorePaths: relativeIgnores(ignored, [...path, String(index)]) })
        .length === 0;
    const unmatched = [...b.keys()];
    const leftOver: number[] = [];
    if (a.length * b.length > MAX_UNORDERED_PAIRINGS) {
      const sortedA = a.map((x) => JSON.stringify(x)).sort();
      const sortedB = b.map((x) => JSON.stringify(x)).sort();
      for (let index = 0; index < Math.max(a.length, b.length); index++) {
        if (sortedA[index] !== sortedB[index])
          walk(parse(sortedA[index]), parse(sortedB[index]), [...path, String(index)]);
      }
      return;
    }
    a.forEach((x, index) => {
      const match = unmatched.findIndex((j) => same(x, b[j], index));
      if (match === -1) leftOver.push(index);
      else unmatched.splice(match, 1);
    });
    for (const index of leftOver) walk(a[index], undefined, [...path, String(index)]);
    for (const index of unmatched) walk(undefined, b[index], [...path, String(index)]);
  };
  walk(control, candidate, []);
  return Object.freeze(differences);
}

function relativeIgnores(ignored: readonly JsonPath[], base: JsonPath): readonly string[] {
  return ignored
    .filter((pattern) => pattern.length > base.length && isWithin(base, pattern.slice(0, base.length)))
    .map((pattern) => toJsonPointer(pattern.slice(base.length)));
}

function leavesEqual(a: unknown, b: unknown, tolerance: number): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || Math.abs(a - b) <= tolerance;
  return a === b;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parse(text: string | undefined): unknown {
  return text === undefined ? undefined : JSON.parse(text);
}
