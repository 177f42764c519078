import { isScalar, type Pair } from 'yaml';

// An edit that moves or adds whole entries of a block map touches only their lines: the text
// around them stays as its author wrote it.

export interface Located {
  /** Where the entry's first line starts and its last line ends (before the line break). */
  readonly from: number;
  readonly to: number;
  readonly indent: number;
  /** The entry after its key, e.g. `: { name: …, arn: … }` or `:\n      name: …`. */
  readonly rest: string;
}

/** An entry of a block map, written one key per line; null when it is written otherwise. */
export function locate(text: string, pair: Pair | undefined): Located | null {
  const keyRange = isScalar(pair?.key) ? pair.key.range : undefined;
  const valueEnd = (pair?.value as { range?: [number, number, number] } | null)?.range?.[1];
  if (!keyRange || valueEnd === undefined) return null;
  const from = text.lastIndexOf('\n', keyRange[0] - 1) + 1;
  if (text.slice(from, keyRange[0]).trim() !== '') return null;
  const lineEnd = text.indexOf('\n', valueEnd);
  const to = lineEnd < 0 ? text.length : lineEnd;
  if (text.slice(valueEnd, to).trim() !== '') return null;
  return { from, to, indent: keyRange[0] - from, rest: text.slice(keyRange[1], valueEnd) };
}

/** The entry under another key at another indentation, its lines keeping their relative indentation. */
export function rewritten(entry: Located, key: string, indent: number): string {
  const shift = indent - entry.indent;
  const [first, ...others] = entry.rest.split('\n');
  const shifted = others.map((line) =>
    shift >= 0 ? `${' '.repeat(shift)}${line}` : line.replace(new RegExp(`^ {0,${-shift}}`), ''),
  );
  return [`${' '.repeat(indent)}${key}${first}`, ...shifted].join('\n');
}
