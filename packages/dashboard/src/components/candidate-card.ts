import { css, html, LitElement } from 'lit';
import type { CandidateSummary, ControlSummary, Percentiles, Verdict } from '../api/data-api-types.js';
import { count, dollars, megabytes, milliseconds, percent, signedDollars } from '../figures.js';

const VERDICT_LABELS = {
  faster: 'Faster',
  slower: 'Slower',
  same: 'Same speed',
  inconclusive: 'Inconclusive',
};

/** The verdict's label: a verdict on incomparable conditions names no winner, and says so first. */
export function verdictLabel(verdict: Verdict): string {
  return verdict.comparable === false ? 'Not comparable' : VERDICT_LABELS[verdict.kind];
}

/** The summary after its lead-in ("candidate is faster: …"), which the label already says. */
function verdictDetail(summary: string): string {
  return summary.replace(/^[^:]*:\s*/, '');
}

/** One candidate against its control: does it behave the same, is it faster, and how sure are we. */
export class CandidateCard extends LitElement {
  static override properties = {
    candidate: { attribute: false },
    control: { attribute: false },
  };
  declare candidate: CandidateSummary;
  declare control: ControlSummary;

  static override styles = css`
    :host { display: block; border: 1px solid #d5dbe3; border-radius: 8px; padding: 1rem 1.25rem; background: #fff; }
    h3 { margin: 0 0 0.75rem; font-size: 1.05rem; display: flex; justify-content: space-between; gap: 1rem; }
    h3 small { color: #5b6675; font-weight: normal; }
    .columns { display: grid; grid-template-columns: minmax(12rem, 1fr) 2fr; gap: 1.5rem; }
    @media (max-width: 700px) { .columns { grid-template-columns: 1fr; } }
    .rate { font-size: 2rem; font-weight: 600; font-variant-numeric: tabular-nums; }
    .rate.good { color: #067647; }
    .rate.bad { color: #b42318; }
    .interval { color: #5b6675; font-size: 0.85rem; }
    dl { display: grid; grid-template-columns: auto auto; gap: 0.15rem 1rem; margin: 0.75rem 0 0; font-size: 0.9rem; }
    dt { color: #5b6675; }
    dd { margin: 0; text-align: right; font-variant-numeric: tabular-nums; }
    table { border-collapse: collapse; width: 100%; font-size: 0.9rem; font-variant-numeric: tabular-nums; }
    th, td { padding: 0.25rem 0.5rem; text-align: right; border-bottom: 1px solid #eef1f5; }
    th:first-child, td:first-child { text-align: left; }
    .verdict { margin-top: 0.75rem; padding: 0.5rem 0.75rem; border-radius: 6px; background: #f3f5f8; }
    .verdict strong { margin-right: 0.5rem; }
    .verdict.faster { background: #ecfdf3; }
    .verdict.slower { background: #fef3f2; }
    .verdict.not-comparable { background: #fffaeb; border: 1px solid #fec84b; }
    .verdict ul { margin: 0.35rem 0 0; padding-left: 1.2rem; font-size: 0.85rem; }
    .conditions { color: #5b6675; font-size: 0.8rem; margin-top: 0.35rem; }
  `;

  override render() {
    const { candidate, control } = this;
    const rate = candidate.matchRate;
    const interval = candidate.matchRateInterval;
    const verdict = candidate.verdict;
    return html`
      <h3>${candidate.name} <small>${candidate.id}</small></h3>
      <div class="columns">
        <section aria-label="behaviour">
          <div class="rate ${rate === null ? '' : rate >= 0.99 ? 'good' : 'bad'}" title="match rate">
            ${percent(rate, 2)}
          </div>
          <div class="interval">
            ${
              interval
                ? html`match rate, 95 % interval ${percent(interval.low, 2)} – ${percent(interval.high, 2)}`
                : 'match rate: no comparisons yet'
            }
          </div>
          <dl>
            <dt>samples</dt><dd>${count(candidate.samples)}</dd>
            <dt>matches</dt><dd>${count(candidate.matches)}</dd>
            <dt>mismatches</dt><dd>${count(candidate.mismatches)}${
              candidate.noisyMismatches
                ? html` <small title="differ only in fields where the control differs from itself">(${count(candidate.noisyMismatches)} noise)</small>`
                : ''
            }</dd>
            <dt>errors</dt><dd>${count(candidate.errors)}</dd>
            <dt>timeouts</dt><dd>${count(candidate.timeouts)}</dd>
            ${
              // Only for a candidate the experiment serves (an older scientist sends neither count).
              candidate.served || candidate.fallbacks
                ? html`<dt>served</dt><dd>${count(candidate.served)}${
                    candidate.fallbacks
                      ? html` <small title="chosen to serve, it failed: the client got the control's answer">(${count(candidate.fallbacks)} fell back)</small>`
                      : ''
                  }</dd>`
                : ''
            }
            <dt>cold starts</dt><dd>${count(candidate.coldStarts)} <small>(control ${count(control.coldStarts)})</small></dd>
            <dt>memory</dt><dd>${megabytes(candidate.memorySizeMb)} <small>(control ${megabytes(control.memorySizeMb)})</small></dd>
            <dt>cost per 1M</dt><dd class="cost">${dollars(candidate.costPerMillionUsd)} <small>(${signedDollars(candidate.costDifferencePerMillionUsd)})</small></dd>
          </dl>
        </section>
        <section aria-label="performance">
          <table>
            <thead><tr><th></th><th>p50</th><th>p95</th><th>p99</th></tr></thead>
            <tbody>
              ${latencyRow('control duration', control.durationMs)}
              ${latencyRow('candidate duration', candidate.durationMs)}
              ${latencyRow('control latency', control.latencyMs)}
              ${latencyRow('candidate latency', candidate.latencyMs)}
              ${candidate.coldStartLatencyMs ? latencyRow('candidate cold starts', candidate.coldStartLatencyMs) : ''}
            </tbody>
          </table>
          ${verdictBox(verdict)}
          ${conditionsLine(candidate.conditions)}
        </section>
      </div>
    `;
  }
}

/** The verdict, with the reasons when the conditions were not comparable. */
export function verdictBox(verdict: Verdict) {
  const notComparable = verdict.comparable === false;
  return html`<div
    class="verdict ${notComparable ? 'not-comparable' : verdict.kind}"
    data-verdict=${verdict.kind}
    data-comparable=${notComparable ? 'false' : 'true'}
  >
    <strong>${verdictLabel(verdict)}</strong>
    ${notComparable ? html`<ul>${(verdict.notComparable ?? []).map((reason) => html`<li>${reason}</li>`)}</ul>` : verdictDetail(verdict.summary)}
  </div>`;
}

/** How many pairs the host's contention held back, when it was measured. */
export function conditionsLine(conditions: CandidateSummary['conditions'] | undefined) {
  if (!conditions || conditions.measured === 0) return '';
  return html`<div class="conditions">
    CPU conditions: ${count(conditions.contended)} of ${count(conditions.measured)} pairs waited for the host's other work
    (durations compared with that wait taken out)
  </div>`;
}

function latencyRow(label: string, figures: Percentiles) {
  return html`<tr>
    <td>${label}</td><td>${milliseconds(figures.p50)}</td><td>${milliseconds(figures.p95)}</td><td>${milliseconds(figures.p99)}</td>
  </tr>`;
}

customElements.define('candidate-card', CandidateCard);
