import { createObservation, lambdaPrice } from '@serverless-scientist/core';
import { describe, expect, test } from 'vitest';
import { summarize } from '../src/results/experiment-summary.js';
import { addAggregates, type CandidateRun, type RequestRecord } from '../src/results/request-record.js';
import { experimentsOf, experimentsYaml } from './support/experiments.js';

const experiment = experimentsOf(
  experimentsYaml({ 'node-512': 'pbkdf2-512', 'node-1024': 'pbkdf2-1024', python: 'pbkdf2-python' }),
)[0]!;

/** An observation as a REPORT line gives it: CPU (and so speed) grows with memory. */
function observed(variantId: string, memorySizeMb: number, functionMs: number, cold = false) {
  return createObservation({
    variantId,
    statusCode: 200,
    body: 'ok',
    durations: {
      clientMs: functionMs + 1,
      functionMs,
      billedMs: Math.ceil(functionMs),
      memorySizeMb,
      maxMemoryUsedMb: 70,
      ...(cold ? { initMs: 150 } : {}),
    },
  });
}

function recordOf(index: number): RequestRecord {
  const run = (observation: ReturnType<typeof observed>, outcome: CandidateRun['outcome'] = 'match') => ({
    observation,
    outcome,
    ...(outcome === 'mismatch' ? { diff: 'body', mismatchKeys: ['body /'] } : {}),
  });
  return {
    experiment: experiment.id,
    requestId: `r${index}`,
    at: Date.UTC(2026, 10, 23, 6, 0),
    request: { method: 'GET', path: '/pbkdf2', query: '', headers: {} },
    control: observed('control', 128, 400, index === 0),
    candidates: [
      run(observed('node-512', 512, 100)),
      run(observed('node-1024', 1024, 50)),
      // Another implementation at the control's size: other code, not another size.
      run(observed('python', 128, 30), index % 4 === 0 ? 'mismatch' : 'match'),
    ],
    curl: 'curl …',
    bodies: 'none',
    redactHeaders: [],
  };
}

describe('cost and memory in the summary', () => {
  const values = new Map<string, number>();
  for (let index = 0; index < 40; index++) addAggregates(recordOf(index), values);
  const summary = summarize(
    experiment,
    [{ minute: '2026-11-23T06:00', values }],
    {
      from: '2026-11-23T06:00',
      to: '2026-11-23T06:00',
    },
    lambdaPrice('eu-west-1'),
  );

  test('prices billed GB-seconds exactly and gives the difference to the control', () => {
    // control: 40 × 400 ms × 128 MB = 2,048,000 MB-ms = 2 GB-s
    expect(summary.control).toMatchObject({ memorySizeMb: 128, billedGbSeconds: 2 });
    // per request 0.05 GB-s × 0.0000166667 × 1e6 = 0.833335, plus 0.20
    expect(summary.control.costPerMillionUsd).toBeCloseTo(1.033335, 5);
    const node1024 = summary.candidates.find((candidate) => candidate.id === 'node-1024')!;
    expect(node1024).toMatchObject({ memorySizeMb: 1024, billedGbSeconds: 2 });
    expect(node1024.costDifferencePerMillionUsd).toBeCloseTo(0, 5);
    expect(summary.pricing).toMatchObject({
      region: 'eu-west-1',
      architecture: 'x86_64',
      asOf: '2026-12-01',
    });
  });

  test('keeps cold starts apart and advises a memory size from the sizes of the same code', () => {
    // One cold start at 401 ms; the stored buckets are about 4 % wide.
    expect(Math.abs(summary.control.coldStartLatencyMs.p50! / 401 - 1)).toBeLessThan(0.05);
    expect(summary.candidates[0]!.coldStartLatencyMs.p50).toBeNull();
    expect(summary.memoryAdvice).toMatchObject({
      recommended: { id: 'node-1024', memorySizeMb: 1024 },
      baseline: { id: 'control', memorySizeMb: 128 },
      summary: '1,024 MB: 8.0× faster than 128 MB for 1.0× the cost per request',
    });
  });

  test('has no cost where no price is known', () => {
    const unpriced = summarize(experiment, [{ minute: '2026-11-23T06:00', values }], {
      from: '2026-11-23T06:00',
      to: '2026-11-23T06:00',
    });
    expect(unpriced.pricing).toBeNull();
    expect(unpriced.control.costPerMillionUsd).toBeNull();
    expect(unpriced.control.billedGbSeconds).toBe(2);
  });
});
