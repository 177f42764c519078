import { css, html, LitElement, type PropertyValues, unsafeCSS } from 'lit';
import uPlot from 'uplot';
import uPlotStyles from 'uplot/dist/uPlot.min.css?inline';

/** Colours per variant, the control first; fixed so a variant keeps its colour across charts. */
export const VARIANT_COLOURS = [
  '#101828',
  '#2e90fa',
  '#f79009',
  '#12b76a',
  '#9e77ed',
  '#f04438',
  '#0e9384',
  '#dd2590',
];

/**
 * A uPlot chart as a view: `options` and `data` in, nothing out. It draws at its own width, and
 * takes the keyboard: focus it and ←/→ move the cursor point by point, so the legend (uPlot's
 * tooltip) reads out each value without a mouse. Charts put their data table beside it.
 */
export class UplotChart extends LitElement {
  static override properties = {
    options: { attribute: false },
    data: { attribute: false },
    label: {},
  };
  declare options: Omit<uPlot.Options, 'width'>;
  declare data: uPlot.AlignedData;
  declare label: string;

  private plot: uPlot | undefined;
  private readonly resize = new ResizeObserver(() => this.plot?.setSize(this.size()));
  private cursorIndex = 0;

  static override styles = [
    unsafeCSS(uPlotStyles),
    css`
      :host { display: block; min-width: 0; }
      .plot:focus-visible { outline: 2px solid #2e90fa; outline-offset: 2px; }
      .u-legend { font-size: 0.8rem; text-align: left; }
    `,
  ];

  override render() {
    return html`<div class="plot" tabindex="0" role="img" aria-label=${this.label} @keydown=${this.onKey}></div>`;
  }

  override firstUpdated(): void {
    this.resize.observe(this);
  }

  override disconnectedCallback(): void {
    this.resize.disconnect();
    this.plot?.destroy();
    this.plot = undefined;
    super.disconnectedCallback();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (!this.options || !this.data) return;
    if (changed.has('options') || !this.plot) {
      this.plot?.destroy();
      const target = this.renderRoot.querySelector('.plot') as HTMLElement;
      this.plot = new uPlot({ ...this.options, ...this.size() }, this.data, target);
    } else if (changed.has('data')) {
      this.plot.setData(this.data);
    }
  }

  private size() {
    return { width: Math.max(240, this.clientWidth || 480), height: this.options?.height ?? 220 };
  }

  private readonly onKey = (event: KeyboardEvent) => {
    const plot = this.plot;
    const xs = this.data?.[0];
    if (!plot || !xs || xs.length === 0) return;
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    this.cursorIndex = Math.min(
      xs.length - 1,
      Math.max(0, this.cursorIndex + (event.key === 'ArrowRight' ? 1 : -1)),
    );
    plot.setCursor({
      left: plot.valToPos(xs[this.cursorIndex]!, 'x'),
      top: plot.bbox.height / devicePixelRatio / 2,
    });
  };
}

customElements.define('uplot-chart', UplotChart);
