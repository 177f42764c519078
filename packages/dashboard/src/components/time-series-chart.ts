import { css, html, LitElement } from 'lit';
import type uPlot from 'uplot';
import type { DefinitionVersion, SeriesPoint } from '../api/data-api-types.js';
import { count, milliseconds } from '../figures.js';
import { VARIANT_COLOURS } from './uplot-chart.js';
import './uplot-chart.js';

export type SeriesKind = 'traffic' | 'p50' | 'p95' | 'p99';

const FIELDS = { p50: 'p50Ms', p95: 'p95Ms', p99: 'p99Ms' } as const;

const secondsOf = (minute: string) => Date.parse(`${minute}:00Z`) / 1000;

/** Vertical dashed lines where a definition version was published (uploads, promotions). */
function markerPlugin(versions: readonly DefinitionVersion[]): uPlot.Plugin {
  return {
    hooks: {
      draw: [
        (plot) => {
          const { ctx, bbox } = plot;
          const [min, max] = [plot.scales.x!.min!, plot.scales.x!.max!];
          ctx.save();
          ctx.strokeStyle = '#7a5af8';
          ctx.fillStyle = '#7a5af8';
          ctx.setLineDash([4, 4]);
          ctx.font = `${11 * devicePixelRatio}px system-ui`;
          for (const version of versions) {
            if (!version.uploadedAt) continue;
            const at = Date.parse(version.uploadedAt) / 1000;
            if (at < min || at > max) continue;
            const x = Math.round(plot.valToPos(at, 'x', true));
            ctx.beginPath();
            ctx.moveTo(x, bbox.top);
            ctx.lineTo(x, bbox.top + bbox.height);
            ctx.stroke();
            ctx.fillText(
              `v${version.version} ${version.origin ?? ''}`,
              x + 3,
              bbox.top + 12 * devicePixelRatio,
            );
          }
          ctx.restore();
        },
      ],
    },
  };
}

/**
 * Per minute and variant: requests, or a latency percentile, with markers for definition versions,
 * and the same figures in a table for screen readers.
 */
export class TimeSeriesChart extends LitElement {
  static override properties = {
    series: { attribute: false },
    variants: { attribute: false },
    names: { attribute: false },
    versions: { attribute: false },
    window: { attribute: false },
    kind: { reflect: true },
  };
  /** The minutes shown (UTC), whatever minutes had traffic. */
  declare window: { readonly from: string; readonly to: string } | undefined;
  declare series: readonly SeriesPoint[];
  declare variants: readonly string[];
  declare names: Readonly<Record<string, string>>;
  declare versions: readonly DefinitionVersion[];
  declare kind: SeriesKind;

  constructor() {
    super();
    this.versions = [];
    this.names = {};
  }

  static override styles = css`
    :host { display: block; }
    table { border-collapse: collapse; font-size: 0.8rem; font-variant-numeric: tabular-nums; }
    th, td { padding: 0.15rem 0.5rem; text-align: right; border-bottom: 1px solid #eef1f5; }
    th:first-child, td:first-child { text-align: left; }
    details { margin-top: 0.5rem; font-size: 0.85rem; }
    .empty { color: #5b6675; font-size: 0.9rem; }
  `;

  private value(point: SeriesPoint, variant: string): number | null {
    const figures = point.variants[variant];
    if (!figures) return null;
    if (this.kind === 'traffic') return figures.samples;
    return figures[FIELDS[this.kind]] ?? null;
  }

  override render() {
    if (!this.series || this.series.length === 0)
      return html`<p class="empty">No traffic in this window.</p>`;
    const format = (v: number | null) =>
      v == null ? '–' : this.kind === 'traffic' ? count(v) : milliseconds(v);
    const data = [
      this.series.map((point) => secondsOf(point.minute)),
      ...this.variants.map((variant) => this.series.map((point) => this.value(point, variant))),
    ] as uPlot.AlignedData;
    const options: Omit<uPlot.Options, 'width'> = {
      height: 200,
      // The whole window, so a lone minute of traffic is not stretched over years of axis.
      scales: {
        x: {
          time: true,
          ...(this.window
            ? {
                auto: false,
                range: [secondsOf(this.window.from), secondsOf(this.window.to) + 60] as uPlot.Range.MinMax,
              }
            : {}),
        },
      },
      axes: [
        {},
        {
          size: 80,
          values: (_u, ticks) => ticks.map((tick) => (this.kind === 'traffic' ? `${tick}` : `${tick} ms`)),
        },
      ],
      series: [
        {},
        ...this.variants.map((variant, index) => ({
          label: this.names[variant] ?? variant,
          stroke: VARIANT_COLOURS[index % VARIANT_COLOURS.length],
          width: 2,
          spanGaps: true,
          points: { show: this.series.length < 30 },
          value: (_u: uPlot, v: number | null) => format(v),
        })),
      ],
      plugins: [markerPlugin(this.versions)],
    };
    const what = this.kind === 'traffic' ? 'requests per minute' : `${this.kind} latency per minute`;
    return html`
      <uplot-chart label=${`${what} per variant, with definition versions marked`} .options=${options} .data=${data}></uplot-chart>
      <details>
        <summary>Data table</summary>
        <table>
          <caption>${what} (UTC)</caption>
          <thead><tr><th>minute</th>${this.variants.map((variant) => html`<th>${this.names[variant] ?? variant}</th>`)}</tr></thead>
          <tbody>
            ${this.series.map(
              (point) =>
                html`<tr><td>${point.minute}</td>${this.variants.map((variant) => html`<td>${format(this.value(point, variant))}</td>`)}</tr>`,
            )}
          </tbody>
        </table>
      </details>
    `;
  }
}

customElements.define('time-series-chart', TimeSeriesChart);
