import { css, html, LitElement, unsafeCSS } from 'lit';
import type { Mismatch } from '../api/data-api-types.js';
import { diffStyles, diffView } from './diff-view.js';

/** The latest mismatches, newest first: which candidate, the diff, and a curl to reproduce it. */
export class MismatchList extends LitElement {
  static override properties = { mismatches: { attribute: false } };
  declare mismatches: readonly Mismatch[];

  constructor() {
    super();
    this.mismatches = [];
  }

  static override styles = [
    unsafeCSS(diffStyles),
    css`
    :host { display: block; }
    article { border: 1px solid #d5dbe3; border-radius: 8px; margin-bottom: 0.75rem; background: #fff; overflow: hidden; }
    header { display: flex; justify-content: space-between; padding: 0.4rem 0.75rem; background: #f3f5f8; font-size: 0.85rem; }
    pre { margin: 0; padding: 0.5rem 0.75rem; overflow-x: auto; font-size: 0.8rem; }
    .curl { display: flex; align-items: center; gap: 0.5rem; border-top: 1px solid #eef1f5; padding-right: 0.5rem; }
    .curl pre { flex: 1; color: #344054; }
    button { font: inherit; font-size: 0.8rem; cursor: pointer; }
  `,
  ];

  override render() {
    if (this.mismatches.length === 0) return html`<p>No mismatches in this window.</p>`;
    return this.mismatches.map(
      (mismatch) => html`<article>
        <header><strong>${mismatch.candidate}</strong><time datetime=${mismatch.at}>${mismatch.at}</time></header>
        ${diffView(mismatch.diff)}
        <div class="curl">
          <pre>${mismatch.curl}</pre>
          <button @click=${() => navigator.clipboard?.writeText(mismatch.curl)}>Copy</button>
        </div>
      </article>`,
    );
  }
}

customElements.define('mismatch-list', MismatchList);
