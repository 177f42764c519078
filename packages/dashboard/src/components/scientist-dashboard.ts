import { css, html, LitElement } from 'lit';
import { apiToken } from '../api/api-token.js';
import { DataApiClient } from '../api/data-api-client.js';
import { UnauthorizedError } from '../api/data-api-errors.js';
import type { ExperimentDetail } from '../api/data-api-types.js';
import { ExperimentDataController } from '../controllers/experiment-data-controller.js';
import { count } from '../figures.js';
import './candidate-card.js';
import './experiment-list.js';
import './mismatch-list.js';
import './noise-card.js';
import './series-chart.js';
import './token-form.js';

const WINDOWS = [
  { minutes: 15, label: '15 minutes' },
  { minutes: 60, label: '1 hour' },
  { minutes: 360, label: '6 hours' },
  { minutes: 1440, label: '24 hours' },
  { minutes: 10080, label: '7 days' },
];

/**
 * The dashboard page: the experiments on the left, the chosen one's candidates, charts and
 * mismatches on the right. The chosen experiment lives in the URL's hash, so a link shares it.
 */
export class ScientistDashboard extends LitElement {
  static override properties = {
    minutes: { state: true },
    experimentId: { state: true },
  };
  declare minutes: number;
  declare experimentId: string | undefined;

  private readonly data: ExperimentDataController;

  constructor() {
    super();
    this.minutes = 60;
    this.experimentId = experimentInHash();
    this.data = new ExperimentDataController(this, new DataApiClient(), () => ({
      minutes: this.minutes,
      experimentId: this.experimentId,
    }));
  }

  static override styles = css`
    :host { display: block; font-family: system-ui, sans-serif; color: #101828; background: #f8f9fb; min-height: 100vh; }
    header { display: flex; align-items: center; justify-content: space-between; padding: 0.75rem 1.5rem; background: #101828; color: #fff; }
    header h1 { font-size: 1.1rem; margin: 0; }
    select { font: inherit; }
    main { display: grid; grid-template-columns: 18rem 1fr; gap: 1.5rem; padding: 1.5rem; }
    h2 { font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.05em; color: #5b6675; margin: 0 0 0.5rem; }
    .detail { display: flex; flex-direction: column; gap: 1.25rem; min-width: 0; }
    .charts { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
    .panel { background: #fff; border: 1px solid #d5dbe3; border-radius: 8px; padding: 0.75rem 1rem; }
    .control { color: #5b6675; font-size: 0.9rem; }
    .error { color: #b42318; }
    .candidates { display: flex; flex-direction: column; gap: 1rem; }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHashChange);
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this.onHashChange);
    super.disconnectedCallback();
  }

  private readonly onHashChange = () => {
    this.experimentId = experimentInHash();
  };

  override render() {
    return html`
      <header>
        <h1>Serverless Scientist</h1>
        <label>
          window
          <select @change=${(event: Event) => (this.minutes = Number((event.target as HTMLSelectElement).value))}>
            ${WINDOWS.map(
              (window) =>
                html`<option value=${window.minutes} ?selected=${window.minutes === this.minutes}>${window.label}</option>`,
            )}
          </select>
        </label>
      </header>
      ${this.data.overview.render({
        initial: () => html`<p>Loading…</p>`,
        pending: () =>
          this.data.overview.value ? this.renderPage() : html`<main><p>Loading experiments…</p></main>`,
        complete: () => this.renderPage(),
        error: (error) => this.renderError(error),
      })}
    `;
  }

  private renderPage() {
    const experiments = this.data.overview.value ?? [];
    const chosen = this.experimentId ?? experiments[0]?.id;
    if (chosen !== this.experimentId && chosen !== undefined)
      queueMicrotask(() => (this.experimentId = chosen));
    return html`<main>
      <nav aria-label="experiments">
        <h2>Experiments</h2>
        <experiment-list
          .experiments=${experiments}
          .selectedId=${chosen}
          @experiment-selected=${(event: CustomEvent<string>) => {
            location.hash = `experiment=${encodeURIComponent(event.detail)}`;
          }}
        ></experiment-list>
      </nav>
      <div class="detail">
        ${this.data.detail.render({
          pending: () =>
            this.data.detail.value
              ? this.renderDetail(this.data.detail.value)
              : html`<p>Loading experiment…</p>`,
          complete: (detail) => (detail ? this.renderDetail(detail) : html`<p>Choose an experiment.</p>`),
          error: (error) => this.renderError(error),
        })}
      </div>
    </main>`;
  }

  private renderDetail({ summary, mismatches, series }: ExperimentDetail) {
    const variants = ['control', ...summary.candidates.map((candidate) => candidate.id)];
    return html`
      <section aria-label="experiment ${summary.name}">
        <h2>${summary.name} · /${summary.path}</h2>
        <div class="control">
          Control <strong>${summary.control.name}</strong>: ${count(summary.control.samples)} samples,
          ${count(summary.control.errors)} errors, ${count(summary.control.coldStarts)} cold starts,
          ${count(summary.control.skipped)} skipped · ${summary.window.from} – ${summary.window.to} UTC
        </div>
      </section>
      <div class="charts">
        <div class="panel"><h2>Requests per minute</h2><series-chart kind="traffic" .series=${series} .variants=${variants}></series-chart></div>
        <div class="panel"><h2>p50 latency per minute</h2><series-chart kind="latency" .series=${series} .variants=${variants}></series-chart></div>
      </div>
      <section class="candidates" aria-label="candidates">
        <h2>Candidates</h2>
        ${summary.candidates.map(
          (candidate) =>
            html`<candidate-card .candidate=${candidate} .control=${summary.control}></candidate-card>`,
        )}
        ${summary.noise ? html`<noise-card .noise=${summary.noise}></noise-card>` : ''}
      </section>
      <section aria-label="recent mismatches">
        <h2>Recent mismatches</h2>
        <mismatch-list .mismatches=${mismatches}></mismatch-list>
      </section>
    `;
  }

  private renderError(error: unknown) {
    if (error instanceof UnauthorizedError) {
      return html`<main><token-form
        .reason=${error.message}
        @token-entered=${(event: CustomEvent<string>) => {
          apiToken.save(event.detail);
          this.data.refresh();
        }}
      ></token-form></main>`;
    }
    return html`<main><p class="error" role="alert">${error instanceof Error ? error.message : String(error)}</p></main>`;
  }
}

function experimentInHash(): string | undefined {
  const id = new URLSearchParams(location.hash.slice(1)).get('experiment');
  return id === null || id === '' ? undefined : id;
}

customElements.define('scientist-dashboard', ScientistDashboard);
