import { describe, expect, it } from 'vitest';
import { goalLines, judge, markdownTables } from '../report.mjs';

const measured = (gatewayP50, offline) => ({
  runtime: 'python3.12',
  memorySizeMb: 1769,
  gateway: { p50: gatewayP50, p99: 1.2, n: 100 },
  invokeApi: { p50: 0.5, p99: 1.5, n: 100 },
  inProcess: { p50: 0.2, p99: 0.9, n: 100 },
  loopbackFloor: { p50: 0.05, p99: 0.3, n: 100 },
  gatewayAlone: { p50: 0.041, p99: 0.2, n: 100 },
  bareServer: { p50: 0.028, p99: 0.1, n: 100 },
  cold: {
    runs: 3,
    initDurationMs: 42.5,
    initDurationSamplesMs: [40.25, 42.5, 61],
    loadAverage: 0.42,
    invokeMs: 51,
    gatewayMs: 55,
  },
  ...(offline ? { offline } : {}),
});

describe('judge', () => {
  it('passes a runtime at least 3× faster warm than serverless-offline and cold under 100 ms', () => {
    const judged = judge(
      'python',
      measured(0.3, { default: { p50: 0.9, p99: 6, n: 100, firstRequestMs: 120 } }),
    );
    expect(judged.vsOffline).toEqual({ default: { ratio: { p50: 3, p99: 5 }, warmGoal: 'PASS' } });
    expect(judged.fastestOfflineMode).toBe('default');
    expect(judged.coldGoal).toBe('PASS');
  });

  it('misses when the speed-up is under 3×', () => {
    const judged = judge(
      'python',
      measured(0.31, { default: { p50: 0.9, p99: 6, n: 100, firstRequestMs: 120 } }),
    );
    expect(judged.vsOffline.default.ratio.p50).toBe(2.9);
    expect(judged.vsOffline.default.warmGoal).toBe('MISS');
  });

  it('checks each serverless-offline mode separately and names the fastest', () => {
    const judged = judge(
      'node',
      measured(0.2, {
        default: { p50: 1, p99: 4, n: 100, firstRequestMs: 300 },
        inProcess: { p50: 0.5, p99: 2, n: 100, firstRequestMs: 90 },
      }),
    );
    expect(judged.vsOffline.default).toEqual({ ratio: { p50: 5, p99: 3.33 }, warmGoal: 'PASS' });
    expect(judged.vsOffline.inProcess).toEqual({ ratio: { p50: 2.5, p99: 1.67 }, warmGoal: 'MISS' });
    expect(judged.fastestOfflineMode).toBe('inProcess');
    expect(goalLines({ node: judged })).toBe(
      [
        'node warm vs serverless-offline default: 5.00× at p50 — PASS',
        'node warm vs serverless-offline --useInProcess, its fastest mode here: 2.50× at p50 — MISS',
      ].join('\n'),
    );
  });

  it('holds only Python, Ruby and Go to the cold-start goal, and only runtimes with a reference to the warm one', () => {
    const java = judge('java', {
      ...measured(0.3),
      cold: { runs: 1, initDurationMs: 350, invokeMs: 1, gatewayMs: 1 },
    });
    expect(java.coldGoal).toBeUndefined();
    expect(java.vsOffline).toBeUndefined();
    const go = judge('go', {
      ...measured(0.3),
      cold: { runs: 1, initDurationMs: 100, invokeMs: 1, gatewayMs: 1 },
    });
    expect(go.coldGoal).toBe('MISS');
  });
});

describe('markdownTables', () => {
  it('prints a warm and a cold table, one row per runtime, with the ratios and verdicts', () => {
    const table = markdownTables({
      python: judge('python', measured(0.3, { default: { p50: 0.9, p99: 6, n: 100, firstRequestMs: 120 } })),
      go: judge('go', { ...measured(0.25), runtime: 'provided.al2023' }),
    });
    expect(table).toMatchInlineSnapshot(`
      "Warm, sequential requests over one keep-alive connection:

      | runtime | API Gateway (HTTP) p50 / p99 | Invoke API (SDK) p50 / p99 | in-process invoke p50 / p99 | loopback floor p50 / p99 | serverless-offline default p50 / p99 | default ÷ ours p50 / p99 | ≥ 3× vs default | serverless-offline --useInProcess p50 / p99 | --useInProcess ÷ ours p50 / p99 | ≥ 3× vs --useInProcess |
      | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
      | python (python3.12) | 0.30 ms / 1.20 ms | 0.50 ms / 1.50 ms | 0.20 ms / 0.90 ms | 0.050 ms / 0.30 ms | 0.90 ms / 6.00 ms | 3.00× / 5.00× | PASS | — | — | — |
      | go (provided.al2023) | 0.25 ms / 1.20 ms | 0.50 ms / 1.50 ms | 0.20 ms / 0.90 ms | 0.050 ms / 0.30 ms | — | — | — | — | — | — |

      The gateway's share, measured in the same rounds:

      | runtime | API Gateway − in-process invoke (p50) | API Gateway, instant invoker p50 | bare HTTP server p50 | the gateway's own work (p50) |
      | --- | --- | --- | --- | --- |
      | python (python3.12) | 0.100 ms | 0.041 ms | 0.028 ms | 0.013 ms |
      | go (provided.al2023) | 0.050 ms | 0.041 ms | 0.028 ms | 0.013 ms |

      Cold start, a new execution environment:

      | runtime | Init Duration median (min–max), runs | first request: API Gateway / Invoke API (median) | load average (1 min) while measured | serverless-offline default first request | < 100 ms |
      | --- | --- | --- | --- | --- | --- |
      | python (python3.12) | 43 ms (40 ms–61 ms), 3 | 55 ms / 51 ms | 0.42 | 120 ms | PASS |
      | go (provided.al2023) | 43 ms (40 ms–61 ms), 3 | 55 ms / 51 ms | 0.42 | — | PASS |"
    `);
  });
});
