import { css, html, LitElement } from 'lit';
import type uPlot from 'uplot';
import type { SeriesPoint } from '../api/data-api-types.js';
import type { ChartMarker } from '../chart-marker.js';
import { count, milliseconds } from '../figures.js';
import { VARIANT_COLOURS } from './uplot-chart.js';
import './uplot-chart.js';

export type SeriesKind = 'traffic' | 'p50' | 'p95' | 'p99';

const FIELDS = { p50: 'p50Ms', p95: 'p95Ms', p99: 'p99Ms' } as const;

const secondsOf = (minute: string) => Date.parse(`${minute}:00Z`) / 1000;

const MARKER_COLOURS = { version: '#7a5af8', rollout: '#175cd3', stopped: '#d92d20' } as const;

const colourOf = (marker: ChartMarker) =>
  marker.stopped ? MARKER_COLOURS.stopped : MARKER_COLOURS[marker.kind];

const minuteOf = (at: number) => new Date(at * 1000).toISOString().slice(0, 19).replace('T', ' ');

/**
 * A vertical dashed line at each marker, drawn on the canvas, and its label as an element over the
 * plot: text a test and a screen reader can read, with the why on hover and on keyboard focus.
 */
function markerPlugin(markers: readonly ChartMarker[]): uPlot.Plugin {
  return {
    hooks: {
      draw: [
        (plot) => {
          const { ctx, bbox } = plot;
          const [min, max] = [plot.scales.x!.min!, plot.scales.x!.max!];
          for (const label of plot.over.querySelectorAll('.chart-marker')) label.remove();
          ctx.save();
          ctx.setLineDash([4, 4]);
          markers.forEach((marker, index) => {
            if (marker.at < min || marker.at > max) return;
            ctx.strokeStyle = colourOf(marker);
            const x = Math.round(plot.valToPos(marker.at, 'x', true));
            ctx.beginPath();
            ctx.moveTo(x, bbox.top);
            ctx.lineTo(x, bbox.top + bbox.height);
            ctx.stroke();
            const label = document.createElement('span');
            label.className = 'chart-marker';
            label.dataset.marker = marker.kind;
            label.textContent = marker.label;
            label.title = `${minuteOf(marker.at)} UTC: ${marker.detail}`;
            label.tabIndex = 0;
            // Markers close in time stack in three rows rather than write over each other.
            Object.assign(label.style, {
              position: 'absolute',
              left: `${plot.valToPos(marker.at, 'x') + 3}px`,
              top: `${2 + (index % 3) * 14}px`,
              font: '11px system-ui',
              color: colourOf(marker),
              background: 'rgba(255, 255, 255, 0.8)',
              whiteSpace: 'nowrap',
              pointerEvents: 'auto',
            });
            plot.over.append(label);
          });
          ctx.restore();
        },
      ],
    },
  };
}

/**
 * Per minute and variant: requests, or a latency percentile, with markers for definition versions
 * and rollout steps, and the same figures (and markers, with their reasons) in tables for screen
 * readers.
 */
export class TimeSeriesChart extends LitElement {
  static override properties = {
    series: { attribute: false },
    variants: { attribute: false },
    names: { attribute: false },
    markers: { attribute: false },
    window: { attribute: false },
    kind: { reflect: true },
  };
  /** The minutes shown (UTC), whatever minutes had traffic. */
  declare window: { readonly from: string; readonly to: string } | undefined;
  declare series: readonly SeriesPoint[];
  declare variants: readonly string[];
  declare names: Readonly<Record<string, string>>;
  declare markers: readonly ChartMarker[];
  declare kind: SeriesKind;

  constructor() {
    super();
    this.markers = [];
    this.names = {};
  }

  static override styles = css`
    :host { display: block; }
    table { border-collapse: collapse; font-size: 0.8rem; font-variant-numeric: tabular-nums; }
    th, td { padding: 0.15rem 0.5rem; text-align: right; border-bottom: 1px solid #eef1f5; }
    th:first-child, td:first-child, .markers th, .markers td { text-align: left; }
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
    const [from, to] = this.window
      ? [secondsOf(this.window.from), secondsOf(this.window.to) + 60]
      : [data[0]![0]!, data[0]![data[0]!.length - 1]! + 60];
    // The table lists the markers the chart can draw: those inside the minutes shown.
    const shown = this.markers.filter((marker) => marker.at >= from && marker.at <= to);
    const options: Omit<uPlot.Options, 'width'> = {
      height: 200,
      // The whole window, so a lone minute of traffic is not stretched over years of axis.
      scales: {
        x: {
          time: true,
          ...(this.window
            ? {
                auto: false,
                range: [from, to] as uPlot.Range.MinMax,
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
      plugins: [markerPlugin(this.markers)],
    };
    const what = this.kind === 'traffic' ? 'requests per minute' : `${this.kind} latency per minute`;
    return html`
      <uplot-chart label=${`${what} per variant, with definition versions and rollout steps marked`} .options=${options} .data=${data}></uplot-chart>
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
        ${
          shown.length === 0
            ? ''
            : html`<table class="markers">
                <caption>changes marked (UTC)</caption>
                <thead><tr><th>at</th><th>change</th><th>why</th></tr></thead>
                <tbody>${shown.map(
                  (marker) =>
                    html`<tr data-marker=${marker.kind}><td>${minuteOf(marker.at)}</td><td>${marker.label}</td><td>${marker.detail}</td></tr>`,
                )}</tbody>
              </table>`
        }
      </details>
    `;
  }
}

customElements.define('time-series-chart', TimeSeriesChart);
