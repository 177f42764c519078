import { css, html, LitElement } from 'lit';
import { apiToken } from '../api/api-token.js';
import { DataApiClient } from '../api/data-api-client.js';
import { UnauthorizedError } from '../api/data-api-errors.js';
import type { ExperimentDetail, WindowChoice } from '../api/data-api-types.js';
import { chartMarkers } from '../chart-marker.js';
import { ExperimentDataController } from '../controllers/experiment-data-controller.js';
import { count } from '../figures.js';
import './candidate-card.js';
import './cost-panel.js';
import './distribution-chart.js';
import './experiment-list.js';
import './mismatch-groups.js';
import './mismatch-list.js';
import './noise-card.js';
import './rollout-panel.js';
import './time-series-chart.js';
import type { SeriesKind } from './time-series-chart.js';
import './token-form.js';

const WINDOWS = [
  { minutes: 15, label: '15 minutes' },
  { minutes: 60, label: '1 hour' },
  { minutes: 360, label: '6 hours' },
  { minutes: 1440, label: '24 hours' },
  { minutes: 10080, label: '7 days' },
];

/** What the URL's hash holds: `#experiment=round&minutes=60` or `…&since=…&until=…`. */
interface PageState {
  readonly experimentId: string | undefined;
  readonly window: WindowChoice;
}

function stateInHash(): PageState {
  const params = new URLSearchParams(location.hash.slice(1));
  const id = params.get('experiment');
  const minutes = Number(params.get('minutes'));
  return {
    experimentId: id === null || id === '' ? undefined : id,
    window: {
      minutes: minutes > 0 ? minutes : 60,
      ...(params.get('since') ? { since: params.get('since')! } : {}),
      ...(params.get('until') ? { until: params.get('until')! } : {}),
    },
  };
}

function hashOf(state: PageState): string {
  const params = new URLSearchParams();
  if (state.experimentId) params.set('experiment', state.experimentId);
  params.set('minutes', String(state.window.minutes));
  if (state.window.since) params.set('since', state.window.since);
  if (state.window.until) params.set('until', state.window.until);
  return params.toString();
}

/**
 * The dashboard page: the experiments on the left, the chosen one's candidates, charts and
 * mismatches on the right. The experiment and the window live in the URL's hash, so a link
 * shares exactly what is on screen.
 */
export class ScientistDashboard extends LitElement {
  static override properties = {
    state: { state: true },
    percentile: { state: true },
  };
  declare state: PageState;
  declare percentile: Exclude<SeriesKind, 'traffic'>;

  private readonly data: ExperimentDataController;

  constructor() {
    super();
    this.state = stateInHash();
    this.percentile = 'p50';
    this.data = new ExperimentDataController(this, new DataApiClient(), () => this.state);
  }

  private choose(change: Partial<PageState>): void {
    location.hash = hashOf({ ...this.state, ...change });
  }

  static override styles = css`
    :host { display: block; font-family: system-ui, sans-serif; color: #101828; background: #f8f9fb; min-height: 100vh; }
    header { display: flex; align-items: center; justify-content: space-between; padding: 0.75rem 1.5rem; background: #101828; color: #fff; }
    header h1 { font-size: 1.1rem; margin: 0; }
    select { font: inherit; }
    main { display: grid; grid-template-columns: 18rem 1fr; gap: 1.5rem; padding: 1.5rem; }
    .status { font-size: 0.8rem; color: #d0d5dd; }
    .notice { background: #fffaeb; border: 1px solid #fec84b; color: #93370d; border-radius: 6px; padding: 0.4rem 0.75rem; margin: 0; }
    .percentiles button { font: inherit; font-size: 0.8rem; }
    .percentiles button[aria-pressed='true'] { font-weight: 700; }
    @media (max-width: 800px) {
      main { grid-template-columns: 1fr; padding: 0.75rem; }
      .charts { grid-template-columns: 1fr !important; }
      header { flex-wrap: wrap; gap: 0.5rem; }
    }
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
    this.state = stateInHash();
  };

  override render() {
    return html`
      <header>
        <h1>Serverless Scientist</h1>
        <span class="status" aria-live="polite">${
          this.data.updatedAt
            ? html`last updated <time class="updated">${this.data.updatedAt.toLocaleTimeString()}</time>`
            : ''
        }</span>
        <label>
          window
          <select @change=${(event: Event) => this.choose({ window: { minutes: Number((event.target as HTMLSelectElement).value) } })}>
            ${
              this.state.window.since
                ? html`<option selected>${this.state.window.since} – ${this.state.window.until ?? 'now'}</option>`
                : ''
            }
            ${WINDOWS.map(
              (window) =>
                html`<option value=${window.minutes} ?selected=${!this.state.window.since && window.minutes === this.state.window.minutes}>${window.label}</option>`,
            )}
          </select>
        </label>
      </header>
      ${this.data.overview.render({
        initial: () => html`<p>Loading…</p>`,
        pending: () =>
          this.data.lastOverview ? this.renderPage() : html`<main><p>Loading experiments…</p></main>`,
        complete: () => this.renderPage(),
        // A failed refresh keeps the last good page, with a notice, rather than replacing it.
        error: (error) =>
          this.data.lastOverview && !(error instanceof UnauthorizedError)
            ? this.renderPage(error)
            : this.renderError(error),
      })}
    `;
  }

  private renderPage(failure?: unknown) {
    const experiments = this.data.overview.value ?? this.data.lastOverview ?? [];
    const chosen = this.state.experimentId ?? experiments[0]?.id;
    if (chosen !== this.state.experimentId && chosen !== undefined)
      queueMicrotask(() => (this.state = { ...this.state, experimentId: chosen }));
    return html`<main>
      <nav aria-label="experiments">
        <h2>Experiments</h2>
        <experiment-list
          .experiments=${experiments}
          .selectedId=${chosen}
          @experiment-selected=${(event: CustomEvent<string>) => this.choose({ experimentId: event.detail })}
        ></experiment-list>
      </nav>
      <div class="detail">
        ${failure ? this.renderNotice(failure) : ''}
        ${this.data.detail.render({
          pending: () =>
            this.data.lastDetail ? this.renderDetail(this.data.lastDetail) : html`<p>Loading experiment…</p>`,
          complete: (detail) => (detail ? this.renderDetail(detail) : html`<p>Choose an experiment.</p>`),
          error: (error) =>
            this.data.lastDetail && !(error instanceof UnauthorizedError)
              ? html`${failure ? '' : this.renderNotice(error)}${this.renderDetail(this.data.lastDetail)}`
              : this.renderError(error),
        })}
      </div>
    </main>`;
  }

  private renderNotice(error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    return html`<p class="notice" role="alert">The last refresh failed (${reason}); showing the figures from
      ${this.data.updatedAt?.toLocaleTimeString() ?? 'before'}.</p>`;
  }

  private renderDetail({
    summary,
    mismatches,
    series,
    distributions,
    groups,
    versions,
    rollout,
  }: ExperimentDetail) {
    const variants = ['control', ...summary.candidates.map((candidate) => candidate.id)];
    const names: Record<string, string> = {
      control: `${summary.control.name} (control)`,
      ...Object.fromEntries(summary.candidates.map((candidate) => [candidate.id, candidate.name])),
    };
    const markers = chartMarkers(versions, rollout);
    return html`
      <section aria-label="experiment ${summary.name}">
        <h2>${summary.name} · /${summary.path}</h2>
        <div class="control">
          Control <strong>${summary.control.name}</strong>: <span class="control-samples">${count(summary.control.samples)}</span> samples,
          ${count(summary.control.errors)} errors, ${count(summary.control.coldStarts)} cold starts,
          ${count(summary.control.skipped)} skipped · <span class="window">${summary.window.from} – ${summary.window.to}</span> UTC
        </div>
      </section>
      ${
        rollout
          ? html`<section class="panel" aria-label="rollout">
              <h2>Rollout</h2>
              <rollout-panel .rollout=${rollout}></rollout-panel>
            </section>`
          : ''
      }
      <div class="charts">
        <div class="panel"><h2>Warm latency distribution</h2>
          <distribution-chart kind="warm" .distributions=${distributions} .names=${names}></distribution-chart></div>
        <div class="panel"><h2>Cold starts</h2>
          <distribution-chart kind="cold" .distributions=${distributions} .names=${names}></distribution-chart></div>
        <div class="panel"><h2>Requests per minute</h2>
          <time-series-chart kind="traffic" .series=${series} .variants=${variants} .names=${names} .markers=${markers} .window=${summary.window}></time-series-chart></div>
        <div class="panel"><h2>Latency per minute
          <span class="percentiles" role="group" aria-label="percentile">${(
            ['p50', 'p95', 'p99'] as const
          ).map(
            (p) =>
              html`<button aria-pressed=${this.percentile === p} @click=${() => (this.percentile = p)}>${p}</button>`,
          )}</span></h2>
          <time-series-chart kind=${this.percentile} .series=${series} .variants=${variants} .names=${names} .markers=${markers} .window=${summary.window}></time-series-chart></div>
      </div>
      <section class="panel" aria-label="memory and cost">
        <h2>Memory and cost</h2>
        <cost-panel .summary=${summary}></cost-panel>
      </section>
      <section class="candidates" aria-label="candidates">
        <h2>Candidates</h2>
        ${summary.candidates.map(
          (candidate) =>
            html`<candidate-card data-candidate=${candidate.id} .candidate=${candidate} .control=${summary.control}></candidate-card>`,
        )}
        ${summary.noise ? html`<noise-card .noise=${summary.noise}></noise-card>` : ''}
      </section>
      <section aria-label="mismatches by place">
        <h2>Mismatches by place</h2>
        <mismatch-groups .groups=${groups} .names=${names}></mismatch-groups>
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

customElements.define('scientist-dashboard', ScientistDashboard);
