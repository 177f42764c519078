/**
 * Paths into a JSON document, written either as a JSON pointer (`/items/0/id`) or dotted
 * (`items[0].id`, `items.0.id`). `*` stands for any one segment. Internally a path is its
 * list of segments; its canonical text is the JSON pointer.
 */

export type JsonPath = readonly string[];

/** Reads a pointer or dotted path; undefined when the text is neither. */
export function parseJsonPath(text: string): JsonPath | undefined {
  if (text === '' || text === '$') return [];
  if (text.startsWith('/')) {
    return text
      .slice(1)
      .split('/')
      .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
  }
  const dotted = text.startsWith('$.') ? text.slice(2) : text;
  const segments: string[] = [];
  for (const part of dotted.split('.')) {
    const match = /^([^[\]]*)((?:\[(?:\d+|\*)\])*)$/.exec(part);
    if (!match || (match[1] === '' && match[2] === '')) return undefined;
    if (match[1] !== '') segments.push(match[1]!);
    for (const index of match[2]!.matchAll(/\[(\d+|\*)\]/g)) segments.push(index[1]!);
  }
  return segments;
}

export function toJsonPointer(path: JsonPath): string {
  return path.map((segment) => `/${segment.replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

/** Whether `path` is `pattern` or lies beneath it (ignoring `/a` also ignores `/a/b`). */
export function isWithin(path: JsonPath, pattern: JsonPath): boolean {
  if (path.length < pattern.length) return false;
  return pattern.every((segment, index) => segment === '*' || segment === path[index]);
}
