import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lambdaPrice, memoryAdvice, PRICED_REGIONS, variantCost } from '../src/index.js';

const x86 = lambdaPrice('eu-west-1');

describe('lambdaPrice', () => {
  it('has AWS published on-demand prices', () => {
    expect(lambdaPrice('us-east-1')).toEqual({
      region: 'us-east-1',
      architecture: 'x86_64',
      perGbSecondUsd: 0.0000166667,
      perMillionRequestsUsd: 0.2,
    });
    expect(lambdaPrice('eu-west-1', 'arm64').perGbSecondUsd).toBe(0.0000133334);
  });

  it('names the priced regions when asked for another', () => {
    expect(() => lambdaPrice('ap-east-1')).toThrow(
      /no Lambda price for region 'ap-east-1'; priced regions: us-east-1/,
    );
    expect(() => lambdaPrice('eu-west-1', 'mips' as never)).toThrow(
      "architecture 'mips' is not one of x86_64, arm64",
    );
    expect(PRICED_REGIONS).toContain('eu-central-1');
  });
});

describe('variantCost', () => {
  it("matches AWS's worked example: 128 MB for 100 ms costs $0.0000002083 of compute", () => {
    const cost = variantCost({ invocations: 1000, billedMbMs: 1000 * 128 * 100 }, x86)!;
    expect(cost.billedGbSeconds).toBeCloseTo(12.5, 9);
    expect(cost.gbSecondsPerRequest).toBeCloseTo(0.0125, 9);
    // compute 0.0125 × 0.0000166667 × 1e6 = 0.20833 plus 0.20 per million requests.
    expect(cost.costPerMillionUsd).toBeCloseTo(0.408334, 5);
  });

  it('is undefined without invocations and refuses impossible usage', () => {
    expect(variantCost({ invocations: 0, billedMbMs: 0 }, x86)).toBeUndefined();
    expect(() => variantCost({ invocations: 1, billedMbMs: -1 }, x86)).toThrow(
      'billed MB-ms -1 is not zero or more',
    );
  });

  it('grows linearly with billed MB-ms and never falls below the request fee', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 128, max: 10_240 }),
        fc.integer({ min: 1, max: 900_000 }),
        (invocations, memory, billedMs) => {
          const one = variantCost({ invocations, billedMbMs: invocations * memory * billedMs }, x86)!;
          const twice = variantCost({ invocations, billedMbMs: 2 * invocations * memory * billedMs }, x86)!;
          expect(one.costPerMillionUsd).toBeGreaterThan(0.2);
          expect(twice.costPerMillionUsd - 0.2).toBeCloseTo(2 * (one.costPerMillionUsd - 0.2), 6);
        },
      ),
    );
  });
});

/** Points as pbkdf2 gives them: CPU scales with memory until one vCPU at 1,769 MB. */
function point(memorySizeMb: number, durationMs: number, samples = 100) {
  const cost = variantCost({ invocations: 1, billedMbMs: memorySizeMb * Math.ceil(durationMs) }, x86)!;
  return {
    id: `node-${memorySizeMb}`,
    memorySizeMb,
    durationMs,
    costPerMillionUsd: cost.costPerMillionUsd,
    samples,
  };
}

describe('memoryAdvice', () => {
  it('names the balanced size and what it buys against the smallest', () => {
    const advice = memoryAdvice([point(128, 800), point(512, 200), point(1024, 100), point(1769, 60)])!;
    expect(advice.recommended.memorySizeMb).toBe(1769);
    expect(advice.baseline.memorySizeMb).toBe(128);
    expect(advice.summary).toBe('1,769 MB: 13.3× faster than 128 MB for 1.0× the cost per request');
  });

  it('keeps the small size when more memory buys no speed', () => {
    const advice = memoryAdvice([point(128, 10), point(1024, 9.5)])!;
    expect(advice.recommended.memorySizeMb).toBe(128);
    expect(advice.summary).toBe('128 MB: 1,024 MB is 1.1× faster but costs 1.7× per request');
    expect(memoryAdvice([point(128, 10), point(1024, 10)])!.summary).toBe(
      '128 MB: more memory made it no faster',
    );
  });

  it('says nothing from one size or from too few samples', () => {
    expect(memoryAdvice([point(128, 10), point(128, 9)])).toBeUndefined();
    expect(memoryAdvice([point(128, 10), point(1024, 2, 5)])).toBeUndefined();
  });

  it('always recommends a size it was given, never slower and dearer than another', () => {
    const arbitraryPoint = fc.record({
      id: fc.string(),
      memorySizeMb: fc.integer({ min: 128, max: 10_240 }),
      durationMs: fc.double({ min: 0.1, max: 10_000, noNaN: true }),
      costPerMillionUsd: fc.double({ min: 0.2, max: 1_000, noNaN: true }),
      samples: fc.integer({ min: 20, max: 10_000 }),
    });
    fc.assert(
      fc.property(fc.array(arbitraryPoint, { minLength: 2, maxLength: 8 }), (points) => {
        const advice = memoryAdvice(points);
        if (!advice) {
          expect(new Set(points.map((p) => p.memorySizeMb)).size).toBeLessThan(2);
          return;
        }
        expect(advice.considered).toContain(advice.recommended);
        const dominated = advice.considered.some(
          (other) =>
            other.durationMs < advice.recommended.durationMs &&
            other.costPerMillionUsd < advice.recommended.costPerMillionUsd,
        );
        expect(dominated).toBe(false);
      }),
    );
  });
});
