/** One row of a side-by-side text diff: the control's line on the left, the candidate's on the right. */
export type DiffRow =
  | { readonly kind: 'hunk'; readonly text: string }
  | {
      readonly kind: 'lines';
      readonly left?: { readonly line: number; readonly text: string; readonly changed: boolean };
      readonly right?: { readonly line: number; readonly text: string; readonly changed: boolean };
    };

/** What the core writes before a text body's unified diff: its lines follow, indented by two. */
const TEXT_BODY_HEADER = 'body (--- control, +++ candidate):';
const HUNK = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

/**
 * A diff as the core writes it, split into what precedes a text body's unified diff (status, headers,
 * JSON values: one line each) and that diff as side-by-side rows: context on both sides, a run of
 * removed lines paired with the run of added lines after it, line numbers from the hunk headers.
 */
export function textDiffColumns(diff: string): { readonly other: string[]; readonly rows: DiffRow[] | null } {
  const lines = diff.split('\n');
  const start = lines.indexOf(TEXT_BODY_HEADER);
  if (start < 0) return { other: lines, rows: null };
  const other = lines.slice(0, start);
  const rows: DiffRow[] = [];
  let left = 0;
  let right = 0;
  let removed: string[] = [];
  let added: string[] = [];
  const pairRuns = () => {
    for (let i = 0; i < Math.max(removed.length, added.length); i++) {
      const was = removed[i];
      const now = added[i];
      rows.push({
        kind: 'lines',
        ...(was === undefined ? {} : { left: { line: ++left, text: was, changed: true } }),
        ...(now === undefined ? {} : { right: { line: ++right, text: now, changed: true } }),
      });
    }
    removed = [];
    added = [];
  };
  let index = start + 1;
  for (; index < lines.length && lines[index]!.startsWith('  '); index++) {
    const line = lines[index]!.slice(2);
    const hunk = HUNK.exec(line);
    if (hunk) {
      pairRuns();
      left = Number(hunk[1]) - 1;
      right = Number(hunk[2]) - 1;
      rows.push({ kind: 'hunk', text: line });
    } else if (line.startsWith('-')) {
      if (added.length > 0) pairRuns();
      removed.push(line.slice(1));
    } else if (line.startsWith('+')) added.push(line.slice(1));
    else if (line.startsWith('\\')) continue;
    else {
      pairRuns();
      const text = line.slice(1);
      rows.push({
        kind: 'lines',
        left: { line: ++left, text, changed: false },
        right: { line: ++right, text, changed: false },
      });
    }
  }
  pairRuns();
  // Whatever the core writes after the body (headers after it, say) stays in the one-line list.
  return { other: [...other, ...lines.slice(index)], rows };
}
