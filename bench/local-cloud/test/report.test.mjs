import { describe, expect, it } from 'vitest';
import { judge, markdownTables } from '../report.mjs';

const measured = (gatewayP50, offline) => ({
  runtime: 'python3.12',
  memorySizeMb: 1769,
  gateway: { p50: gatewayP50, p99: 1.2, n: 100 },
  invokeApi: { p50: 0.5, p99: 1.5, n: 100 },
  inProcess: { p50: 0.2, p99: 0.9, n: 100 },
  cold: {
    runs: 3,
    initDurationMs: 42.5,
    initDurationSamplesMs: [40.25, 42.5, 61],
    invokeMs: 51,
    gatewayMs: 55,
  },
  ...(offline ? { offline } : {}),
});

describe('judge', () => {
  it('passes a runtime at least 3× faster warm than serverless-offline and cold under 100 ms', () => {
    const judged = judge('python', measured(0.3, { p50: 0.9, p99: 6, n: 100, firstRequestMs: 120 }));
    expect(judged.ratio).toEqual({ p50: 3, p99: 5 });
    expect(judged.warmGoal).toBe('PASS');
    expect(judged.coldGoal).toBe('PASS');
  });

  it('misses when the speed-up is under 3×', () => {
    const judged = judge('python', measured(0.31, { p50: 0.9, p99: 6, n: 100, firstRequestMs: 120 }));
    expect(judged.ratio.p50).toBe(2.9);
    expect(judged.warmGoal).toBe('MISS');
  });

  it('holds only Python, Ruby and Go to the cold-start goal, and only runtimes with a reference to the warm one', () => {
    const java = judge('java', {
      ...measured(0.3),
      cold: { runs: 1, initDurationMs: 350, invokeMs: 1, gatewayMs: 1 },
    });
    expect(java.coldGoal).toBeUndefined();
    expect(java.warmGoal).toBeUndefined();
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
      python: judge('python', measured(0.3, { p50: 0.9, p99: 6, n: 100, firstRequestMs: 120 })),
      go: judge('go', { ...measured(0.25), runtime: 'provided.al2023' }),
    });
    expect(table).toMatchInlineSnapshot(`
      "Warm, sequential requests over one keep-alive connection:

      | runtime | API Gateway (HTTP) p50 / p99 | Invoke API (SDK) p50 / p99 | in-process invoke p50 / p99 | serverless-offline (HTTP) p50 / p99 | offline ÷ ours p50 / p99 | ≥ 3× faster |
      | --- | --- | --- | --- | --- | --- | --- |
      | python (python3.12) | 0.30 ms / 1.20 ms | 0.50 ms / 1.50 ms | 0.20 ms / 0.90 ms | 0.90 ms / 6.00 ms | 3.00× / 5.00× | PASS |
      | go (provided.al2023) | 0.25 ms / 1.20 ms | 0.50 ms / 1.50 ms | 0.20 ms / 0.90 ms | — | — | — |

      Cold start, a new execution environment:

      | runtime | Init Duration median (min–max) | first request: API Gateway / Invoke API (median) | serverless-offline first request | < 100 ms |
      | --- | --- | --- | --- | --- |
      | python (python3.12) | 43 ms (40 ms–61 ms) | 55 ms / 51 ms | 120 ms | PASS |
      | go (provided.al2023) | 43 ms (40 ms–61 ms) | 55 ms / 51 ms | — | PASS |"
    `);
  });
});
