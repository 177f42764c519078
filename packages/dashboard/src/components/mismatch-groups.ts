import { css, html, LitElement, unsafeCSS } from 'lit';
import type { MismatchGroup } from '../api/data-api-types.js';
import { count, percent } from '../figures.js';
import { diffStyles, diffView } from './diff-view.js';

/**
 * Mismatches grouped by candidate and place (comparator and JSON path or header), as Diffy's main
 * view: how many and what share of samples, then the newest example's diff and its curl.
 */
export class MismatchGroups extends LitElement {
  static override properties = { groups: { attribute: false }, names: { attribute: false } };
  declare groups: readonly MismatchGroup[];
  declare names: Readonly<Record<string, string>>;

  constructor() {
    super();
    this.groups = [];
    this.names = {};
  }

  static override styles = [
    unsafeCSS(diffStyles),
    css`
      :host { display: block; }
      article { border: 1px solid #d5dbe3; border-radius: 8px; margin-bottom: 0.75rem; background: #fff; overflow: hidden; }
      header { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; justify-content: space-between; padding: 0.4rem 0.75rem; background: #f3f5f8; font-size: 0.9rem; }
      code { font-size: 0.85rem; }
      .count { font-variant-numeric: tabular-nums; }
      .curl { margin: 0; padding: 0.5rem 0.75rem; border-top: 1px solid #eef1f5; overflow-x: auto; font-size: 0.8rem; color: #344054; }
      .none { color: #5b6675; padding: 0.5rem 0.75rem; margin: 0; font-size: 0.85rem; }
    `,
  ];

  override render() {
    if (this.groups.length === 0) return html`<p>No mismatches in this window.</p>`;
    return this.groups.map(
      (group) => html`<article data-candidate=${group.candidate} data-key=${group.key}>
        <header>
          <span><strong>${this.names[group.candidate] ?? group.candidate}</strong> · <code class="place">${group.key}</code></span>
          <span class="count">${count(group.count)} mismatches · ${percent(group.share, 1)} of samples</span>
        </header>
        ${
          group.example
            ? html`${diffView(group.example.diff)}<pre class="curl">${group.example.curl}</pre>`
            : html`<p class="none">No recent example kept for this place.</p>`
        }
      </article>`,
    );
  }
}

customElements.define('mismatch-groups', MismatchGroups);
