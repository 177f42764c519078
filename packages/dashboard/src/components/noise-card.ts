import { css, html, LitElement } from 'lit';
import type { NoiseSummary } from '../api/data-api-types.js';
import { count, milliseconds, percent } from '../figures.js';
import { conditionsLine, verdictBox } from './candidate-card.js';

/**
 * The noise check: the control against itself. Shown beside the candidates so that a reader sees
 * how much of a ratio is the machine, and which fields differ whatever the code.
 */
export class NoiseCard extends LitElement {
  static override properties = { noise: { attribute: false } };
  declare noise: NoiseSummary;

  static override styles = css`
    :host { display: block; border: 1px dashed #98a2b3; border-radius: 8px; padding: 1rem 1.25rem; background: #fcfcfd; }
    h3 { margin: 0 0 0.5rem; font-size: 1.05rem; }
    p { margin: 0.25rem 0; font-size: 0.9rem; }
    code { background: #f2f4f7; padding: 0 0.25rem; border-radius: 3px; }
    .verdict { margin-top: 0.75rem; padding: 0.5rem 0.75rem; border-radius: 6px; background: #f3f5f8; }
    .verdict strong { margin-right: 0.5rem; }
    .verdict.not-comparable { background: #fffaeb; border: 1px solid #fec84b; }
    .verdict ul { margin: 0.35rem 0 0; padding-left: 1.2rem; font-size: 0.85rem; }
    .conditions { color: #5b6675; font-size: 0.8rem; margin-top: 0.35rem; }
  `;

  override render() {
    const { noise } = this;
    return html`
      <h3>Noise floor <small>(the control against itself, ${noise.percent} % of safe requests)</small></h3>
      <p>
        ${count(noise.samples)} samples; differs from itself in
        <strong data-noise-rate>${percent(noise.noiseRate, 2)}</strong>
        ${
          noise.fields.length > 0
            ? html` — noisy fields: ${noise.fields.map((entry, i) => html`${i ? ', ' : ''}<code>${entry.field}</code> ×${count(entry.count)}`)}`
            : ''
        }
      </p>
      <p>duration p50 ${milliseconds(noise.durationMs.p50)}, p99 ${milliseconds(noise.durationMs.p99)}</p>
      ${verdictBox(noise.verdict)}
      ${conditionsLine(noise.conditions)}
    `;
  }
}

customElements.define('noise-card', NoiseCard);
