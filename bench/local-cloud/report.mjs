// The figures as a Markdown table (stdout, pasted into docs/performance.md) with the goals checked.

/** The goals: warm invokes ≥ 3× faster than serverless-offline, these cold starts < 100 ms. */
export const goals = { warmSpeedup: 3, coldStartMs: 100, coldStartRuntimes: ['python', 'ruby', 'go'] };

/** Adds the ratios and PASS/MISS verdicts to the measured figures of one runtime. */
export function judge(runtime, figures) {
  const judged = { ...figures };
  if (figures.offline) {
    judged.ratio = {
      p50: ratio(figures.offline.p50, figures.gateway.p50),
      p99: ratio(figures.offline.p99, figures.gateway.p99),
    };
    judged.warmGoal = judged.ratio.p50 >= goals.warmSpeedup ? 'PASS' : 'MISS';
  }
  if (goals.coldStartRuntimes.includes(runtime)) {
    judged.coldGoal = figures.cold.initDurationMs < goals.coldStartMs ? 'PASS' : 'MISS';
  }
  return judged;
}

/** Two Markdown tables, warm then cold, one row per runtime. */
export function markdownTables(results) {
  const runtimes = Object.entries(results);
  const warm = table(
    [
      'runtime',
      'API Gateway (HTTP) p50 / p99',
      'Invoke API (SDK) p50 / p99',
      'in-process invoke p50 / p99',
      'serverless-offline (HTTP) p50 / p99',
      'offline ÷ ours p50 / p99',
      `≥ ${goals.warmSpeedup}× faster`,
    ],
    runtimes.map(([runtime, r]) => [
      `${runtime} (${r.runtime})`,
      pair(r.gateway.p50, r.gateway.p99),
      pair(r.invokeApi.p50, r.invokeApi.p99),
      pair(r.inProcess.p50, r.inProcess.p99),
      r.offline ? pair(r.offline.p50, r.offline.p99) : '—',
      r.ratio ? `${r.ratio.p50.toFixed(2)}× / ${r.ratio.p99.toFixed(2)}×` : '—',
      r.warmGoal ?? '—',
    ]),
  );
  const cold = table(
    [
      'runtime',
      'Init Duration median (min–max)',
      'first request: API Gateway / Invoke API (median)',
      'serverless-offline first request',
      `< ${goals.coldStartMs} ms`,
    ],
    runtimes.map(([runtime, r]) => [
      `${runtime} (${r.runtime})`,
      `${ms(r.cold.initDurationMs)} (${ms(Math.min(...r.cold.initDurationSamplesMs))}–${ms(Math.max(...r.cold.initDurationSamplesMs))})`,
      pair(r.cold.gatewayMs, r.cold.invokeMs),
      r.offline ? ms(r.offline.firstRequestMs) : '—',
      r.coldGoal ?? '—',
    ]),
  );
  return `Warm, sequential requests over one keep-alive connection:\n\n${warm}\n\nCold start, a new execution environment:\n\n${cold}`;
}

function table(header, rows) {
  return [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

function ratio(offline, ours) {
  return Math.round((offline / ours) * 100) / 100;
}

function pair(a, b) {
  return `${ms(a)} / ${ms(b)}`;
}

function ms(value) {
  return `${value < 10 ? value.toFixed(2) : value.toFixed(0)} ms`;
}
