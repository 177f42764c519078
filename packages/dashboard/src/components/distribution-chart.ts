import { css, html, LitElement } from 'lit';
import type uPlot from 'uplot';
import type { DistributionBucket, VariantDistribution } from '../api/data-api-types.js';
import { count, milliseconds, percent } from '../figures.js';
import { VARIANT_COLOURS } from './uplot-chart.js';
import './uplot-chart.js';

type DistributionKind = 'warm' | 'cold' | 'duration';

/** The smallest value a log axis can show; the zero bucket is drawn there. */
const FLOOR_MS = 0.001;

/**
 * The share of requests at or below each bucket's upper bound, per variant, on the union of all
 * variants' bounds: uPlot wants every series on one x array.
 */
export function cumulativeShares(
  variants: readonly (readonly DistributionBucket[])[],
): [number[], ...(number | null)[][]] {
  const xs = [...new Set(variants.flatMap((buckets) => buckets.map((b) => Math.max(b.high, FLOOR_MS))))].sort(
    (a, b) => a - b,
  );
  const ys = variants.map((buckets) => {
    const total = buckets.reduce((sum, bucket) => sum + bucket.count, 0);
    if (total === 0) return xs.map(() => null);
    let seen = 0;
    let index = 0;
    const sorted = [...buckets].sort((a, b) => a.high - b.high);
    return xs.map((x) => {
      while (index < sorted.length && Math.max(sorted[index]!.high, FLOOR_MS) <= x)
        seen += sorted[index++]!.count;
      return seen / total;
    });
  });
  return [xs, ...ys];
}

/**
 * Control and candidates as cumulative distributions (CDFs) on a log time axis: a curve to the
 * left is faster, a long tail shows on the right. Warm requests and cold starts are drawn apart.
 */
export class DistributionChart extends LitElement {
  static override properties = {
    distributions: { attribute: false },
    names: { attribute: false },
    kind: { reflect: true },
  };
  declare distributions: Readonly<Record<string, VariantDistribution>>;
  declare names: Readonly<Record<string, string>>;
  declare kind: DistributionKind;

  static override styles = css`
    :host { display: block; }
    table { border-collapse: collapse; font-size: 0.8rem; font-variant-numeric: tabular-nums; }
    th, td { padding: 0.15rem 0.5rem; text-align: right; border-bottom: 1px solid #eef1f5; }
    th:first-child, td:first-child { text-align: left; }
    details { margin-top: 0.5rem; font-size: 0.85rem; }
    .empty { color: #5b6675; font-size: 0.9rem; }
  `;

  override render() {
    const ids = Object.keys(this.distributions ?? {});
    const buckets = ids.map((id) => this.distributions[id]![this.kind] ?? []);
    const drawn = ids.filter((_, index) => buckets[index]!.length > 0);
    if (drawn.length === 0)
      return html`<p class="empty">No ${this.kind === 'cold' ? 'cold starts' : 'requests'} in this window.</p>`;
    const data = cumulativeShares(buckets);
    const options: Omit<uPlot.Options, 'width'> = {
      height: 220,
      scales: { x: { time: false, distr: 3 }, y: { range: [0, 1] } },
      axes: [
        // A log axis leaves some ticks unlabelled (null).
        { label: 'ms (log)', values: (_u, ticks) => ticks.map((tick) => (tick == null ? '' : `${tick}`)) },
        { size: 56, values: (_u, ticks) => ticks.map((tick) => `${Math.round(tick * 100)} %`) },
      ],
      series: [
        { label: 'ms', value: (_u, v) => (v == null ? '–' : milliseconds(v)) },
        ...ids.map((id, index) => ({
          label: this.names[id] ?? id,
          stroke: VARIANT_COLOURS[index % VARIANT_COLOURS.length],
          width: 2,
          value: (_u: uPlot, v: number | null) => (v == null ? '–' : percent(v)),
        })),
      ],
    };
    return html`
      <uplot-chart
        data-variants=${drawn.length}
        label=${`${this.kind} latency distribution, cumulative share of requests per variant on a log time axis`}
        .options=${options}
        .data=${data as uPlot.AlignedData}
      ></uplot-chart>
      <details>
        <summary>Data table</summary>
        <table>
          <caption>Requests per bucket (values in (low, high] ms)</caption>
          <thead><tr><th>variant</th><th>low</th><th>high</th><th>requests</th></tr></thead>
          <tbody>
            ${ids.flatMap((id, index) =>
              buckets[index]!.map(
                (bucket) =>
                  html`<tr><td>${this.names[id] ?? id}</td><td>${bucket.low}</td><td>${bucket.high}</td><td>${count(bucket.count)}</td></tr>`,
              ),
            )}
          </tbody>
        </table>
      </details>
    `;
  }
}

customElements.define('distribution-chart', DistributionChart);
