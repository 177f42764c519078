// The figures as Markdown tables (stdout, pasted into docs/performance.md) with the goals checked.

/** The goals: warm invokes ≥ 3× faster than serverless-offline, these cold starts < 100 ms. */
export const goals = { warmSpeedup: 3, coldStartMs: 100, coldStartRuntimes: ['python', 'ruby', 'go'] };

/**
 * serverless-offline's ways of running a handler, as measured: `default` is what
 * `serverless offline start` does (worker threads for Node, a python3 process for Python);
 * `inProcess` is its fastest Node mode, `--useInProcess`.
 */
export const offlineModes = {
  default: 'default',
  inProcess: '--useInProcess',
};

/**
 * Adds the ratios and PASS/MISS verdicts to the measured figures of one runtime: the warm goal is
 * checked against each serverless-offline mode measured, and separately against its fastest one.
 */
export function judge(runtime, figures) {
  const judged = { ...figures };
  const modes = Object.entries(figures.offline ?? {});
  if (modes.length > 0) {
    judged.vsOffline = {};
    for (const [mode, offline] of modes) {
      const ratio = {
        p50: ratioOf(offline.p50, figures.gateway.p50),
        p99: ratioOf(offline.p99, figures.gateway.p99),
      };
      judged.vsOffline[mode] = { ratio, warmGoal: ratio.p50 >= goals.warmSpeedup ? 'PASS' : 'MISS' };
    }
    judged.fastestOfflineMode = modes.sort(([, a], [, b]) => a.p50 - b.p50)[0]?.[0];
  }
  if (goals.coldStartRuntimes.includes(runtime)) {
    judged.coldGoal = figures.cold.initDurationMs < goals.coldStartMs ? 'PASS' : 'MISS';
  }
  return judged;
}

/** Two Markdown tables, warm then cold, one row per runtime. */
export function markdownTables(results) {
  const runtimes = Object.entries(results);
  const versus = (r, mode) => {
    const offline = r.offline?.[mode];
    if (!offline) return ['—', '—', '—'];
    const { ratio, warmGoal } = r.vsOffline[mode];
    return [pair(offline.p50, offline.p99), `${ratio.p50.toFixed(2)}× / ${ratio.p99.toFixed(2)}×`, warmGoal];
  };
  const warm = table(
    [
      'runtime',
      'API Gateway (HTTP) p50 / p99',
      'Invoke API (SDK) p50 / p99',
      'in-process invoke p50 / p99',
      'loopback floor p50 / p99',
      'serverless-offline default p50 / p99',
      'default ÷ ours p50 / p99',
      `≥ ${goals.warmSpeedup}× vs default`,
      `serverless-offline ${offlineModes.inProcess} p50 / p99`,
      `${offlineModes.inProcess} ÷ ours p50 / p99`,
      `≥ ${goals.warmSpeedup}× vs ${offlineModes.inProcess}`,
    ],
    runtimes.map(([runtime, r]) => [
      `${runtime} (${r.runtime})`,
      pair(r.gateway.p50, r.gateway.p99),
      pair(r.invokeApi.p50, r.invokeApi.p99),
      pair(r.inProcess.p50, r.inProcess.p99),
      r.loopbackFloor ? pair(r.loopbackFloor.p50, r.loopbackFloor.p99) : '—',
      ...versus(r, 'default'),
      ...versus(r, 'inProcess'),
    ]),
  );
  const cold = table(
    [
      'runtime',
      'Init Duration median (min–max), runs',
      'first request: API Gateway / Invoke API (median)',
      'load average (1 min) while measured',
      'serverless-offline default first request',
      `< ${goals.coldStartMs} ms`,
    ],
    runtimes.map(([runtime, r]) => [
      `${runtime} (${r.runtime})`,
      `${ms(r.cold.initDurationMs)} (${ms(Math.min(...r.cold.initDurationSamplesMs))}–${ms(Math.max(...r.cold.initDurationSamplesMs))}), ${r.cold.runs}`,
      pair(r.cold.gatewayMs, r.cold.invokeMs),
      r.cold.loadAverage === undefined ? '—' : r.cold.loadAverage.toFixed(2),
      r.offline?.default ? ms(r.offline.default.firstRequestMs) : '—',
      r.coldGoal ?? '—',
    ]),
  );
  const gateway = table(
    [
      'runtime',
      'API Gateway − in-process invoke (p50)',
      'API Gateway, instant invoker p50',
      'bare HTTP server p50',
      "the gateway's own work (p50)",
    ],
    runtimes
      .filter(([, r]) => r.gatewayAlone && r.bareServer)
      .map(([runtime, r]) => [
        `${runtime} (${r.runtime})`,
        ms(r.gateway.p50 - r.inProcess.p50),
        ms(r.gatewayAlone.p50),
        ms(r.bareServer.p50),
        ms(r.gatewayAlone.p50 - r.bareServer.p50),
      ]),
  );
  return `Warm, sequential requests over one keep-alive connection:\n\n${warm}\n\nThe gateway's share, measured in the same rounds:\n\n${gateway}\n\nCold start, a new execution environment:\n\n${cold}`;
}

/** One line per runtime and serverless-offline mode: the goal check, labelled with the mode. */
export function goalLines(results) {
  const lines = [];
  for (const [runtime, r] of Object.entries(results)) {
    for (const [mode, { ratio, warmGoal }] of Object.entries(r.vsOffline ?? {})) {
      const fastest = mode === r.fastestOfflineMode ? ', its fastest mode here' : '';
      lines.push(
        `${runtime} warm vs serverless-offline ${offlineModes[mode]}${fastest}: ${ratio.p50.toFixed(2)}× at p50 — ${warmGoal}`,
      );
    }
    if (r.coldGoal) {
      lines.push(
        `${runtime} cold start: Init Duration median ${ms(r.cold.initDurationMs)} of ${r.cold.runs} — ${r.coldGoal}`,
      );
    }
  }
  return lines.join('\n');
}

function table(header, rows) {
  return [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

function ratioOf(offline, ours) {
  return Math.round((offline / ours) * 100) / 100;
}

function pair(a, b) {
  return `${ms(a)} / ${ms(b)}`;
}

function ms(value) {
  if (Math.abs(value) < 0.1) return `${value.toFixed(3)} ms`;
  return `${value < 10 ? value.toFixed(2) : value.toFixed(0)} ms`;
}
