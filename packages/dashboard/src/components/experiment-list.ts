import { css, html, LitElement } from 'lit';
import type { ExperimentSummary } from '../api/data-api-types.js';
import { percent } from '../figures.js';

/** The experiments, with the worst candidate match rate beside each; emits `experiment-selected`. */
export class ExperimentList extends LitElement {
  static override properties = {
    experiments: { attribute: false },
    selectedId: { attribute: false },
  };
  declare experiments: readonly ExperimentSummary[];
  declare selectedId: string | undefined;

  constructor() {
    super();
    this.experiments = [];
  }

  static override styles = css`
    ul { list-style: none; margin: 0; padding: 0; }
    button {
      width: 100%; text-align: left; border: 0; border-radius: 6px; padding: 0.5rem 0.75rem;
      background: none; font: inherit; cursor: pointer; display: flex; justify-content: space-between; gap: 1rem;
    }
    button:hover { background: #eef1f5; }
    button[aria-current='true'] { background: #dde6f3; font-weight: 600; }
    .path { color: #5b6675; font-size: 0.85em; }
    .rate { font-variant-numeric: tabular-nums; }
    .rate.low { color: #b42318; }
  `;

  override render() {
    if (this.experiments.length === 0) return html`<p>No experiments uploaded yet.</p>`;
    return html`<ul>
      ${this.experiments.map((experiment) => {
        const worst = lowestMatchRate(experiment);
        return html`<li>
          <button
            aria-current=${String(experiment.id === this.selectedId)}
            @click=${() => this.select(experiment.id)}
          >
            <span>${experiment.name} <span class="path">/${experiment.path}</span></span>
            <span class="rate ${worst !== null && worst < 0.99 ? 'low' : ''}">${percent(worst)}</span>
          </button>
        </li>`;
      })}
    </ul>`;
  }

  private select(id: string): void {
    this.dispatchEvent(new CustomEvent('experiment-selected', { detail: id, bubbles: true, composed: true }));
  }
}

function lowestMatchRate(experiment: ExperimentSummary): number | null {
  const rates = experiment.candidates.map((c) => c.matchRate).filter((rate) => rate !== null);
  return rates.length === 0 ? null : Math.min(...rates);
}

customElements.define('experiment-list', ExperimentList);
