import { html } from 'lit';
import { type DiffRow, textDiffColumns } from '../text-diff-columns.js';

/** `… : control X, candidate Y` as the core writes a value that differs. */
const VALUE_LINE = /^(.*?: )control (.*), candidate (.*)$/;

function valueLine(line: string) {
  const values = VALUE_LINE.exec(line);
  if (values)
    return html`${values[1]}<span class="removed">control ${values[2]}</span>, <span class="added">candidate ${values[3]}</span>\n`;
  return html`${line}\n`;
}

function side(cell: { line: number; text: string; changed: boolean } | undefined, changed: string) {
  return html`<td class="no">${cell?.line ?? ''}</td><td class=${cell?.changed ? changed : ''}>${cell?.text ?? ''}</td>`;
}

function row(entry: DiffRow) {
  if (entry.kind === 'hunk') return html`<tr class="hunk"><td colspan="4">${entry.text}</td></tr>`;
  return html`<tr>${side(entry.left, 'removed')}${side(entry.right, 'added')}</tr>`;
}

/**
 * A diff as the core writes it, coloured: the control's side red, the candidate's green — per value
 * for JSON paths, status codes and headers, and a text body side by side (control left, candidate
 * right, line numbers from the hunks), as a reviewer reads a change.
 */
export function diffView(diff: string | undefined) {
  const { other, rows } = textDiffColumns(diff ?? '');
  const values = other.filter((line) => line !== '');
  return html`<div class="diff">${values.length > 0 ? html`<pre>${values.map(valueLine)}</pre>` : ''}${
    rows
      ? html`<table class="side-by-side">
          <caption>body (text), side by side</caption>
          <thead><tr><th colspan="2">control</th><th colspan="2">candidate</th></tr></thead>
          <tbody>${rows.map(row)}</tbody>
        </table>`
      : ''
  }</div>`;
}

export const diffStyles = `
  .diff { margin: 0; padding: 0.5rem 0.75rem; font-size: 0.8rem; }
  .diff pre { white-space: pre-wrap; margin: 0; font: inherit; font-family: ui-monospace, monospace; }
  .diff .removed { background: #fef3f2; color: #b42318; }
  .diff .added { background: #ecfdf3; color: #067647; }
  .diff .hunk td { color: #5b6675; }
  .diff table.side-by-side { border-collapse: collapse; width: 100%; table-layout: fixed; font-family: ui-monospace, monospace; }
  .diff table.side-by-side caption { text-align: left; color: #5b6675; padding-bottom: 0.25rem; }
  .diff table.side-by-side th { text-align: left; font-weight: 600; }
  .diff table.side-by-side td { white-space: pre-wrap; overflow-wrap: anywhere; vertical-align: top; padding: 0 0.4rem; }
  .diff table.side-by-side td.no { width: 2.5rem; text-align: right; color: #98a2b3; user-select: none; }
`;
