import { css, html, LitElement } from 'lit';
import type { RolloutStatus } from '../api/data-api-types.js';
import { count, NO_DATA } from '../figures.js';

const STATE_LABELS: Record<RolloutStatus['state'], string> = {
  pending: 'Pending',
  running: 'Running',
  paused: 'Paused',
  promoted: 'Promoted',
  'rolled-back': 'Rolled back',
  aborted: 'Aborted',
};

/** A step as done, the one serving now, or still to come; a stopped rollout marks where it stopped. */
function stepKind(status: RolloutStatus, index: number): string {
  const step = index + 1;
  if (status.state === 'promoted' || step < status.step) return 'done';
  if (step > status.step) return 'next';
  return status.state === 'running' ? 'current' : `current ${status.state}`;
}

const time = (iso: string) => iso.replace('T', ' ').slice(0, 19);

/**
 * An experiment's staged rollout: its plan as a row of steps with the one serving now, each gate
 * with its value against its bound, and every transition with its reason (the audit trail).
 */
export class RolloutPanel extends LitElement {
  static override properties = { rollout: { attribute: false } };
  declare rollout: RolloutStatus;

  static override styles = css`
    :host { display: block; }
    .headline { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0.5rem 1rem; margin-bottom: 0.75rem; }
    .state { font-weight: 700; padding: 0.1rem 0.5rem; border-radius: 999px; background: #f2f4f7; }
    .state.running { background: #eff8ff; color: #175cd3; }
    .state.promoted { background: #ecfdf3; color: #067647; }
    .state.rolled-back, .state.aborted { background: #fef3f2; color: #b42318; }
    .state.paused { background: #fffaeb; color: #93370d; }
    .plan { color: #5b6675; font-size: 0.85rem; }
    ol.steps { display: flex; gap: 0.35rem; list-style: none; padding: 0; margin: 0 0 0.75rem; }
    ol.steps li { flex: 1; text-align: center; padding: 0.3rem 0; border-radius: 4px; border: 1px solid #d5dbe3; font-variant-numeric: tabular-nums; font-size: 0.85rem; }
    ol.steps li.done { background: #d1fadf; border-color: #75e0a7; }
    ol.steps li.current { background: #175cd3; border-color: #175cd3; color: #fff; font-weight: 700; }
    ol.steps li.current.paused { background: #f79009; border-color: #f79009; }
    ol.steps li.current.rolled-back, ol.steps li.current.aborted { background: #d92d20; border-color: #d92d20; }
    table { border-collapse: collapse; width: 100%; font-size: 0.85rem; font-variant-numeric: tabular-nums; }
    th, td { padding: 0.25rem 0.5rem; text-align: left; border-bottom: 1px solid #eef1f5; vertical-align: top; }
    th { color: #5b6675; font-weight: 600; }
    .gate-status { font-weight: 700; text-transform: uppercase; font-size: 0.75rem; }
    .gate-status.pass { color: #067647; }
    .gate-status.wait { color: #5b6675; }
    .gate-status.fail { color: #b42318; }
    h3 { font-size: 0.8rem; color: #5b6675; margin: 0.9rem 0 0.35rem; font-weight: 600; }
    .evidence, .promotion { font-size: 0.85rem; margin: 0.35rem 0 0; }
  `;

  override render() {
    const { rollout } = this;
    const { plan } = rollout;
    return html`
      <div class="headline">
        <span class="state ${rollout.state}" data-rollout-state=${rollout.state}>${STATE_LABELS[rollout.state]}</span>
        <span>rollout of <strong>${rollout.candidate}</strong>: step <span data-rollout-step>${rollout.step}</span>
          of ${plan.steps.length}, serving <strong data-rollout-percent>${rollout.percent} %</strong></span>
        <span class="plan">every ${plan.every} · on failure ${plan.onFailure} ·
          old control shadows ${plan.keepOldControl} after promotion</span>
      </div>
      <ol class="steps" aria-label="steps">
        ${plan.steps.map(
          (percent, index) =>
            html`<li class=${stepKind(rollout, index)} title="step ${index + 1}">${percent} %</li>`,
        )}
      </ol>
      ${
        rollout.promotedVersion === undefined
          ? ''
          : html`<p class="promotion">Promoted in stored version ${rollout.promotedVersion}${
              rollout.oldControl
                ? html`; the old control shadows as <code>${rollout.oldControl.candidate}</code> until ${time(rollout.oldControl.until)} UTC`
                : ''
            }.</p>`
      }
      <h3>Gates${rollout.stepStartedAt && rollout.evidence ? html`, since ${time(rollout.stepStartedAt)} UTC` : ''}</h3>
      ${
        rollout.gates.length === 0
          ? html`<p class="evidence">None set: each step advances on time alone.</p>`
          : html`<table aria-label="gates">
              <thead><tr><th>gate</th><th>status</th><th>value</th><th>bound</th><th>figures</th></tr></thead>
              <tbody>${rollout.gates.map(
                (gate) => html`<tr data-gate=${gate.name}>
                  <td>${gate.name}</td>
                  <td class="gate-status ${gate.status}" data-gate-status>${gate.status}</td>
                  <td>${gate.value ?? NO_DATA}</td>
                  <td>${gate.bound}</td>
                  <td>${gate.detail}</td>
                </tr>`,
              )}</tbody>
            </table>`
      }
      ${
        rollout.evidence
          ? html`<p class="evidence">This step: ${count(rollout.evidence.requests)} requests,
              ${count(rollout.evidence.compared)} compared, ${count(rollout.evidence.matches)} matched,
              ${count(rollout.evidence.failures)} of ${count(rollout.evidence.runs)} runs failed,
              latency ${rollout.evidence.latencyVerdict}.</p>`
          : ''
      }
      <h3>History</h3>
      ${
        rollout.history.length === 0
          ? html`<p class="evidence">Not started: <code>scientist rollout ${rollout.experiment} start</code>.</p>`
          : html`<table aria-label="history">
              <thead><tr><th>at (UTC)</th><th>served</th><th>state</th><th>reason</th></tr></thead>
              <tbody>${[...rollout.history].reverse().map(
                (entry) => html`<tr data-history-state=${entry.state}>
                  <td>${time(entry.at)}</td>
                  <td>${entry.from} % → ${entry.to} %</td>
                  <td>${STATE_LABELS[entry.state]}</td>
                  <td>${entry.reason}</td>
                </tr>`,
              )}</tbody>
            </table>`
      }
    `;
  }
}

customElements.define('rollout-panel', RolloutPanel);
