import { css, html, LitElement } from 'lit';
import type { ExperimentSummary } from '../api/data-api-types.js';
import { dollars, megabytes, milliseconds, signedDollars } from '../figures.js';

/**
 * Memory and money per variant: configured memory against the most used, billed GB-seconds, cost
 * per million requests and its difference to the control, and the memory advice line.
 */
export class CostPanel extends LitElement {
  static override properties = { summary: { attribute: false } };
  declare summary: ExperimentSummary;

  static override styles = css`
    :host { display: block; }
    table { border-collapse: collapse; width: 100%; font-size: 0.9rem; font-variant-numeric: tabular-nums; }
    th, td { padding: 0.25rem 0.5rem; text-align: right; border-bottom: 1px solid #eef1f5; }
    th:first-child, td:first-child { text-align: left; }
    .advice { margin: 0.75rem 0 0; padding: 0.5rem 0.75rem; border-radius: 6px; background: #eff8ff; font-weight: 600; }
    .pricing { color: #5b6675; font-size: 0.8rem; margin: 0.5rem 0 0; }
    .scroll { overflow-x: auto; }
  `;

  override render() {
    const { summary } = this;
    const rows = [
      { ...summary.control, costDifferencePerMillionUsd: undefined, role: 'control' },
      ...summary.candidates.map((candidate) => ({ ...candidate, role: 'candidate' })),
    ];
    return html`
      <div class="scroll"><table>
        <thead><tr>
          <th>variant</th><th>memory</th><th>max used (p99)</th><th>duration p50</th><th>billed GB-s</th><th>cost per 1M</th><th>vs control</th>
        </tr></thead>
        <tbody>
          ${rows.map(
            (row) => html`<tr data-variant=${row.id}>
              <td>${row.name} <small>${row.role === 'control' ? '(control)' : ''}</small></td>
              <td class="memory">${megabytes(row.memorySizeMb)}</td>
              <td>${megabytes(row.maxMemoryUsedMb.p99)}</td>
              <td>${milliseconds(row.durationMs.p50)}</td>
              <td>${row.billedGbSeconds == null ? '–' : row.billedGbSeconds.toFixed(3)}</td>
              <td class="cost">${dollars(row.costPerMillionUsd)}</td>
              <td class="difference">${row.role === 'control' ? '' : signedDollars(row.costDifferencePerMillionUsd)}</td>
            </tr>`,
          )}
        </tbody>
      </table></div>
      <p class="advice" role="status">
        ${summary.memoryAdvice ? html`Memory: ${summary.memoryAdvice.summary}` : 'Memory advice: needs variants at two memory sizes with 20 samples each'}
      </p>
      ${
        summary.pricing
          ? html`<p class="pricing">Lambda on-demand ${summary.pricing.architecture} in ${summary.pricing.region}:
              $${summary.pricing.perGbSecondUsd} per GB-s, $${summary.pricing.perMillionRequestsUsd} per 1M requests
              (<a href=${summary.pricing.source}>AWS</a>, ${summary.pricing.asOf}).</p>`
          : html`<p class="pricing">No Lambda price known for this region: costs are not shown.</p>`
      }
    `;
  }
}

customElements.define('cost-panel', CostPanel);
