import { html } from 'lit';

/** `… : control X, candidate Y` as the core writes a value that differs. */
const VALUE_LINE = /^(.*?: )control (.*), candidate (.*)$/;

/**
 * A diff as the core writes it, coloured: the control's side red, the candidate's green — per value
 * for JSON paths, status codes and headers, per line (`-`/`+`) for text bodies.
 */
export function diffView(diff: string | undefined) {
  const lines = (diff ?? '').split('\n');
  return html`<pre class="diff">${lines.map((line) => {
    const values = VALUE_LINE.exec(line);
    if (values)
      return html`${values[1]}<span class="removed">control ${values[2]}</span>, <span class="added">candidate ${values[3]}</span>\n`;
    const text = line.trimStart();
    const kind = text.startsWith('+')
      ? 'added'
      : text.startsWith('-')
        ? 'removed'
        : text.startsWith('@@')
          ? 'hunk'
          : '';
    return html`<span class=${kind}>${line}</span>\n`;
  })}</pre>`;
}

export const diffStyles = `
  .diff { white-space: pre-wrap; margin: 0; padding: 0.5rem 0.75rem; font-size: 0.8rem; }
  .diff .removed { background: #fef3f2; color: #b42318; }
  .diff .added { background: #ecfdf3; color: #067647; }
  .diff .hunk { color: #5b6675; }
`;
