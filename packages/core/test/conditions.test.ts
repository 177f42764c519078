import { describe, expect, it } from 'vitest';
import {
  comparability,
  contended,
  createObservation,
  hostWaitMs,
  ownCpuMs,
  ownCpuRatio,
  pairConditions,
  pairedVerdict,
  parseReportLine,
  quotaBoundMs,
} from '../src/index.js';

const report = (extra: string) =>
  parseReportLine(
    `REPORT RequestId: r1\tDuration: 2.00 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t${extra}`,
  );
const observed = (extra: string) =>
  createObservation({ variantId: 'v', statusCode: 200, body: '1', report: report(extra) });

describe('CPU conditions', () => {
  it("reads the local cloud's REPORT additions, and nothing where AWS prints none", () => {
    expect(report('CPU Time: 0.41 ms\tThrottled Time: 0.10 ms\tCPU Wait: 0.30 ms\t')).toMatchObject({
      durationMs: 2,
      cpuTimeMs: 0.41,
      throttledMs: 0.1,
      cpuWaitMs: 0.3,
    });
    const aws = report('');
    expect(aws && 'cpuWaitMs' in aws).toBe(false);
    expect(observed('CPU Time: 0.41 ms\tThrottled Time: 0.10 ms\tCPU Wait: 0.30 ms').durations).toMatchObject(
      {
        cpuMs: 0.41,
        throttledMs: 0.1,
        cpuWaitMs: 0.3,
      },
    );
  });

  it("counts waiting beyond the quota as the host's contention, above a tenth of the duration", () => {
    const throttledOnly = observed('CPU Time: 0.20 ms\tThrottled Time: 1.50 ms\tCPU Wait: 1.50 ms');
    expect(hostWaitMs(throttledOnly)).toBe(0);
    expect(contended(throttledOnly)).toBe(false);
    const slightly = observed('CPU Time: 1.00 ms\tThrottled Time: 0.00 ms\tCPU Wait: 0.15 ms');
    expect(contended(slightly)).toBe(false);
    const heldBack = observed('CPU Time: 1.00 ms\tThrottled Time: 0.00 ms\tCPU Wait: 0.90 ms');
    expect(contended(heldBack)).toBe(true);
    expect(contended(observed(''))).toBe(false);
    expect(pairConditions(throttledOnly, heldBack)).toEqual({
      measured: true,
      contended: true,
      unthrottled: false,
    });
    expect(pairConditions(observed(''), heldBack).measured).toBe(false);
    // 2 ms of wall time, 0.9 ms of it waiting for the host: about 1.1 ms on a CPU of its own.
    expect(ownCpuMs(heldBack)).toBeCloseTo(1.1, 5);
    expect(ownCpuMs(throttledOnly)).toBe(2);
    expect(ownCpuRatio(throttledOnly, heldBack)).toBeCloseTo(0.55, 5);
    expect(ownCpuMs(observed(''))).toBeUndefined();
    // 128 MB buys 1 ms of CPU per 13.8 ms: 10 ms of CPU takes about 10 periods, however busy the host.
    expect(quotaBoundMs(10, 128)).toBeCloseTo(125.4, 1);
    expect(quotaBoundMs(0.3, 128)).toBe(0.3);
    expect(quotaBoundMs(10, 1769)).toBe(10);
    const absorbed = observed('CPU Time: 1.50 ms\tThrottled Time: 0.00 ms\tCPU Wait: 1.90 ms');
    expect(ownCpuMs(absorbed)).toBeCloseTo(quotaBoundMs(1.5, 128), 5);
  });

  it('knows an invocation without a CPU quota from the REPORT note', () => {
    const free = observed('Note: CPU not throttled (no cgroup CPU quota here)');
    expect(free.unthrottled).toBe(true);
    expect(observed('').unthrottled).toBe(false);
  });

  it('names no winner on evidence from incomparable conditions, and says why', () => {
    const slower = Array.from({ length: 200 }, (_, i) => 2 + (i % 7) * 0.01);
    const busy = comparability({ pairs: 200, measured: 200, contended: 150, unthrottled: 0 });
    expect(busy).toMatchObject({ comparable: false, ownCpu: true });
    const verdict = pairedVerdict(slower, { conditions: busy });
    expect(verdict).toMatchObject({ kind: 'inconclusive', comparable: false });
    expect(verdict.samplesNeeded).toBeUndefined();
    expect(verdict.summary).toMatch(
      /^not comparable: 150 of 200 pairs waited for a CPU the host gave to other work \(more work at once than cores\); median ratio 2\.03 \(95% CI 2\.0\d–2\.0\d\) over 200 paired samples$/,
    );

    const noQuota = comparability({
      pairs: 50,
      measured: 0,
      contended: 0,
      unthrottled: 50,
      memoryDiffers: true,
    });
    expect(noQuota.reasons).toEqual([
      '50 of 50 pairs ran without a CPU quota, so memory size did not set CPU (see `scientist doctor`)',
    ]);
    expect(noQuota.ownCpu).toBe(false);
    // Without a quota, two functions of the same memory size still compare like for like.
    expect(comparability({ pairs: 50, measured: 0, contended: 0, unthrottled: 50 }).comparable).toBe(true);

    const fair = comparability({ pairs: 200, measured: 200, contended: 20, unthrottled: 0 });
    expect(pairedVerdict(slower, { conditions: fair })).toMatchObject({ kind: 'slower', comparable: true });
    expect(pairedVerdict(slower).comparable).toBeUndefined();
  });
});
