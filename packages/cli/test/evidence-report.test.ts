import { expect, test } from 'vitest';
import { type Evidence, evidenceReport } from '../src/evidence-report.js';

const percentiles = (p50: number, p95: number, p99: number) => ({ p50, p95, p99 });

/** A round experiment after an hour of traffic: one candidate, one place it differs. */
const evidence: Evidence = {
  definition: { version: 3, uploadedAt: '2026-11-23T05:00:00.000Z', origin: 'upload' },
  versions: [],
  groups: [
    {
      candidate: 'candidate-2',
      key: 'body /',
      comparator: 'body',
      where: '/',
      count: 12,
      share: 0.01,
      example: {
        at: '2026-11-23T06:05:00.000Z',
        diff: 'body: / 63 → 62\n-63\n+62',
        curl: "curl -sS 'http://x/round?number=62.5'",
      },
    },
  ],
  summary: {
    id: 'rounding-float',
    name: 'rounding-float',
    path: 'round',
    window: { from: '2026-11-23T05:07', to: '2026-11-23T06:06' },
    control: {
      id: 'control',
      name: 'Round Node',
      samples: 1200,
      errors: 0,
      timeouts: 0,
      skipped: 0,
      dropped: 0,
      handedOff: 1200,
      lost: 0,
      inFlight: 0,
      coldStarts: 2,
      latencyMs: percentiles(4.1, 7.9, 12.3),
      durationMs: percentiles(1.2, 2, 3.1),
      meanBilledMs: 2,
      maxMemoryUsedMb: percentiles(68, 70, 71),
      memorySizeMb: 128,
      billedGbSeconds: 0.3,
      costPerMillionUsd: 0.204167,
      coldStartLatencyMs: percentiles(180, 210, 210),
    },
    candidates: [
      {
        id: 'candidate-2',
        name: 'Round Python3-round',
        samples: 1200,
        matches: 1188,
        mismatches: 12,
        errors: 0,
        timeouts: 0,
        dropped: 0,
        served: 0,
        fallbacks: 0,
        coldStarts: 3,
        matchRate: 0.99,
        matchRateInterval: { low: 0.9826, high: 0.9943 },
        latencyMs: percentiles(3.2, 6, 9.9),
        durationMs: percentiles(0.9, 1.6, 2.4),
        meanBilledMs: 1,
        maxMemoryUsedMb: percentiles(52, 53, 55),
        memorySizeMb: 128,
        billedGbSeconds: 0.15,
        costPerMillionUsd: 0.202083,
        costDifferencePerMillionUsd: -0.002084,
        coldStartLatencyMs: percentiles(95, 120, 120),
        noisyMismatches: 0,
        conditions: {
          pairs: 1200,
          measured: 1200,
          contended: 40,
          unthrottled: 0,
          comparable: true,
          notComparable: [],
          ownCpu: true,
        },
        verdict: {
          kind: 'faster',
          samples: 1200,
          summary: 'candidate is faster: median ratio 0.74 [0.71, 0.78]',
        } as never,
      },
    ],
    pricing: {
      region: 'eu-west-1',
      architecture: 'x86_64',
      perGbSecondUsd: 0.0000166667,
      perMillionRequestsUsd: 0.2,
      source: 'https://aws.amazon.com/lambda/pricing/',
      asOf: '2026-12-01',
    },
    memoryAdvice: null,
  },
};

test('writes the evidence of an experiment as Markdown', () => {
  const markdown = evidenceReport(evidence);
  expect(markdown).toMatchInlineSnapshot(`
    "# Experiment \`rounding-float\` (/round)

    - Window: 2026-11-23T05:07 – 2026-11-23T06:06 UTC
    - Definition version: 3, uploaded 2026-11-23T05:00:00.000Z (upload)
    - Control: Round Node — 1200 samples, 0 errors, 2 cold starts, latency p50 4.1 ms / p95 7.9 ms / p99 12.3 ms, 128 MB, $0.2042 per 1M requests
    - Prices: Lambda on-demand x86_64 in eu-west-1, $0.0000166667 per GB-s and $0.2 per 1M requests (https://aws.amazon.com/lambda/pricing/, 2026-12-01)

    ## Candidates

    | candidate | samples | match rate (95 % interval) | mismatches | errors | timeouts | latency p50 / p95 / p99 | memory | cost per 1M | vs control | verdict |
    | --- | ---: | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- |
    | Round Python3-round (candidate-2) | 1200 | 99.00 % (98.26 % – 99.43 %) | 12 | 0 | 0 | 3.2 ms / 6.0 ms / 9.9 ms | 128 MB | $0.2021 | −$0.0021 | candidate is faster: median ratio 0.74 [0.71, 0.78] |

    ## Memory

    No advice: it needs variants at two memory sizes with 20 samples each.

    ## Mismatches by place

    | candidate | place | mismatches | share of samples |
    | --- | --- | ---: | ---: |
    | candidate-2 | \`body /\` | 12 | 1.00 % |

    ### candidate-2: \`body /\`

    Newest example (2026-11-23T06:05:00.000Z):

    \`\`\`diff
    body: / 63 → 62
    -63
    +62
    \`\`\`

    \`\`\`sh
    curl -sS 'http://x/round?number=62.5'
    \`\`\`

    ## Definition versions in the window

    None published; version 3 held throughout.
    "
  `);
});

test('adds the rollout, every transition with its time, shares, state and reason', () => {
  const markdown = evidenceReport({
    ...evidence,
    rollout: {
      candidate: 'candidate-2',
      state: 'rolled-back',
      percent: 0,
      steps: [10, 50, 100],
      history: [
        {
          at: '2026-11-23T05:10:00.000Z',
          from: 0,
          to: 10,
          state: 'running',
          reason: 'started: step 1 serves 10%',
        },
        { at: '2026-11-23T05:40:00.000Z', from: 10, to: 50, state: 'running', reason: 'step 2 serves 50%' },
        {
          at: '2026-11-23T06:01:30.000Z',
          from: 50,
          to: 0,
          state: 'rolled-back',
          reason: 'rolled back: match rate 98.3% | below 99%',
        },
      ],
    },
  });
  const section = markdown.slice(markdown.indexOf('## Rollout'), markdown.indexOf('## Mismatches by place'));
  expect(section).toMatchInlineSnapshot(`
    "## Rollout

    Rollout of \`candidate-2\` over 10 % → 50 % → 100 %: rolled-back, serving 0 %.

    | at (UTC) | served | state | reason |
    | --- | --- | --- | --- |
    | 2026-11-23 05:10:00 | 0 % → 10 % | running | started: step 1 serves 10% |
    | 2026-11-23 05:40:00 | 10 % → 50 % | running | step 2 serves 50% |
    | 2026-11-23 06:01:30 | 50 % → 0 % | rolled-back | rolled back: match rate 98.3% \\| below 99% |

    "
  `);
  // Where it stands in the report: after the memory advice, before the mismatches.
  expect(markdown.indexOf('## Memory')).toBeLessThan(markdown.indexOf('## Rollout'));
});

test('a rollout not yet started says so', () => {
  const markdown = evidenceReport({
    ...evidence,
    rollout: { candidate: 'candidate-2', state: 'pending', percent: 0, steps: [50, 100], history: [] },
  });
  expect(markdown).toContain(
    '## Rollout\n\nRollout of `candidate-2` over 50 % → 100 %: pending, serving 0 %.\n\nNot started.\n\n## Mismatches',
  );
});
