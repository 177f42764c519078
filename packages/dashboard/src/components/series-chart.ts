import { css, html, LitElement, svg } from 'lit';
import type { SeriesPoint } from '../api/data-api-types.js';

const WIDTH = 640;
const HEIGHT = 160;
const MARGIN = { top: 10, right: 10, bottom: 22, left: 56 };
const COLOURS = ['#344054', '#2e90fa', '#f79009', '#12b76a', '#9e77ed', '#ee46bc', '#06aed4', '#b42318'];

/**
 * A per-minute chart drawn as SVG. `traffic` shows the control's samples as bars with every
 * candidate's mismatches, errors and timeouts stacked in red over them; `latency` draws one p50
 * line per variant. Plain SVG keeps the bundle small: a chart library would outweigh the dashboard.
 */
export class SeriesChart extends LitElement {
  static override properties = {
    series: { attribute: false },
    variants: { attribute: false },
    kind: {},
  };
  declare series: readonly SeriesPoint[];
  declare variants: readonly string[];
  declare kind: 'traffic' | 'latency';

  constructor() {
    super();
    this.series = [];
    this.variants = [];
    this.kind = 'traffic';
  }

  static override styles = css`
    :host { display: block; }
    svg { width: 100%; height: auto; font: 10px system-ui, sans-serif; }
    .axis { stroke: #d5dbe3; }
    .label { fill: #5b6675; }
    .legend { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; font-size: 0.8rem; color: #344054; }
    .legend span::before { content: ''; display: inline-block; width: 0.7em; height: 0.7em; margin-right: 0.3em; background: var(--colour); border-radius: 2px; }
  `;

  override render() {
    if (this.series.length === 0) return html`<p>No traffic in this window.</p>`;
    const points = [...this.series].sort((a, b) => a.minute.localeCompare(b.minute));
    const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
    const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
    const slot = plotWidth / points.length;
    const x = (index: number) => MARGIN.left + slot * index + slot / 2;
    const values =
      this.kind === 'traffic'
        ? points.map((point) => point.variants.control?.samples ?? 0)
        : points.flatMap((point) => this.variants.map((variant) => point.variants[variant]?.p50Ms ?? 0));
    const top = niceCeiling(Math.max(1, ...values));
    const y = (value: number) => MARGIN.top + plotHeight - (value / top) * plotHeight;
    const unit = this.kind === 'traffic' ? '' : ' ms';
    const labelEvery = Math.ceil(points.length / 8);

    const body =
      this.kind === 'traffic'
        ? points.map((point, index) => {
            const samples = point.variants.control?.samples ?? 0;
            const failed = this.variants
              .filter((variant) => variant !== 'control')
              .reduce((sum, variant) => {
                const v = point.variants[variant];
                return sum + (v ? (v.mismatches ?? 0) + v.errors + v.timeouts : 0);
              }, 0);
            const barWidth = Math.max(1, slot * 0.7);
            return svg`<rect x=${x(index) - barWidth / 2} y=${y(samples)} width=${barWidth} height=${y(0) - y(samples)} fill="#98a2b3"><title>${point.minute}: ${samples} requests</title></rect>
              ${
                failed > 0
                  ? svg`<rect x=${x(index) - barWidth / 4} y=${y(failed)} width=${barWidth / 2} height=${y(0) - y(failed)} fill="#d92d20"><title>${point.minute}: ${failed} mismatches, errors or timeouts</title></rect>`
                  : ''
              }`;
          })
        : this.variants.map((variant, variantIndex) => {
            const line = points
              .map((point, index) => [index, point.variants[variant]?.p50Ms] as const)
              .filter((entry): entry is readonly [number, number] => typeof entry[1] === 'number')
              .map(([index, value]) => `${x(index).toFixed(1)},${y(value).toFixed(1)}`)
              .join(' ');
            // Dots as well as the line: a window with one minute of traffic has no line to draw.
            return svg`<polyline points=${line} fill="none" stroke=${colour(variantIndex)} stroke-width="1.5"><title>${variant} p50</title></polyline>
              ${points.map((point, index) => {
                const value = point.variants[variant]?.p50Ms;
                return typeof value === 'number'
                  ? svg`<circle cx=${x(index)} cy=${y(value)} r="2.5" fill=${colour(variantIndex)}><title>${point.minute} ${variant} p50 ${value} ms</title></circle>`
                  : '';
              })}`;
          });

    return html`
      <svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label=${this.kind === 'traffic' ? 'requests and mismatches per minute' : 'p50 latency per minute'}>
        <line class="axis" x1=${MARGIN.left} x2=${WIDTH - MARGIN.right} y1=${y(0)} y2=${y(0)}></line>
        <line class="axis" x1=${MARGIN.left} x2=${WIDTH - MARGIN.right} y1=${y(top)} y2=${y(top)} stroke-dasharray="2 3"></line>
        <text class="label" x=${MARGIN.left - 4} y=${y(top) + 3} text-anchor="end">${top}${unit}</text>
        <text class="label" x=${MARGIN.left - 4} y=${y(0) + 3} text-anchor="end">0</text>
        ${points.map((point, index) =>
          index % labelEvery === 0
            ? svg`<text class="label" x=${x(index)} y=${HEIGHT - 6} text-anchor="middle">${point.minute.slice(11)}</text>`
            : '',
        )}
        ${body}
      </svg>
      <div class="legend">
        ${
          this.kind === 'traffic'
            ? html`<span style="--colour:#98a2b3">requests</span><span style="--colour:#d92d20">candidate mismatches, errors, timeouts</span>`
            : this.variants.map(
                (variant, index) => html`<span style="--colour:${colour(index)}">${variant} p50</span>`,
              )
        }
      </div>
    `;
  }
}

function colour(index: number): string {
  return COLOURS[index % COLOURS.length]!;
}

/** Rounds an axis maximum up to 1, 2 or 5 times a power of ten, so the scale reads easily. */
function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((multiple) => multiple * power >= value) ?? 10;
  return step * power;
}

customElements.define('series-chart', SeriesChart);
