import type { RolloutStatus } from '@serverless-scientist/scientist';

/** ISO 8601 to the second: the history's precision a person reads. */
const secondText = (iso: string) => `${iso.slice(0, 19)}Z`;

function table(rows: readonly (readonly string[])[], indent: string): string[] {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]!.length))) ?? [];
  return rows.map(
    (row) =>
      indent +
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!)))
        .join('  ')
        .trimEnd(),
  );
}

/**
 * A rollout as `scientist rollout … status` prints it: what it serves now, its plan, each gate
 * with its figures, the evidence of the step, and every transition with its reason.
 */
export function rolloutStatusText(status: RolloutStatus): string {
  const { plan } = status;
  const lines = [
    `${status.experiment}: rollout of ${status.candidate}, ${status.state}, step ${status.step} of ${plan.steps.length}, serving ${status.percent}%`,
    `  plan: ${plan.steps.map((step) => `${step}%`).join(' → ')}, every ${plan.every}, on failure ${plan.onFailure}, old control shadows ${plan.keepOldControl} after promotion`,
  ];
  if (status.promotedVersion !== undefined) {
    lines.push(`  promoted in stored version ${status.promotedVersion}`);
  }
  if (status.oldControl) {
    lines.push(
      `  the old control shadows as ${status.oldControl.candidate} until ${secondText(status.oldControl.until)}`,
    );
  }
  const since = status.stepStartedAt ? `, since ${secondText(status.stepStartedAt)}` : '';
  if (status.gates.length === 0) {
    lines.push('  gates: none set (each step advances on time alone)');
  } else {
    lines.push(`  gates${status.evidence ? since : ''}:`);
    lines.push(
      ...table(
        status.gates.map((gate) => [
          gate.status,
          gate.name,
          `${gate.value ?? '—'} (bound ${gate.bound})`,
          gate.detail,
        ]),
        '    ',
      ),
    );
  }
  if (status.evidence) {
    const { evidence } = status;
    lines.push(
      `  evidence this step: ${evidence.requests} requests, ${evidence.compared} compared, ${evidence.matches} matched, ${evidence.failures} of ${evidence.runs} runs failed, latency ${evidence.latencyVerdict}`,
    );
  }
  if (status.history.length > 0) {
    lines.push('  history:');
    lines.push(
      ...table(
        status.history.map((entry) => [
          secondText(entry.at),
          `${entry.from}% → ${entry.to}%`,
          entry.state,
          entry.reason,
        ]),
        '    ',
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}
