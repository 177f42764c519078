import { html } from 'lit';

/** A diff as text, each line coloured by its first character: `-` the control's, `+` the candidate's. */
export function diffView(diff: string | undefined) {
  const lines = (diff ?? '').split('\n');
  return html`<pre class="diff">${lines.map((line) => {
    const kind = line.startsWith('+')
      ? 'added'
      : line.startsWith('-')
        ? 'removed'
        : line.startsWith('@@')
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
