import { describe, expect, it } from 'vitest';
import { LatencyHistogram, pairedVerdict } from '../src/index.js';

/** Paired durations: a control around 20 ms and a candidate `speed` times as long, each with its own noise. */
function pairedRatios(count: number, speed: number, seed = 7): number[] {
  let state = seed;
  const uniform = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state + 0.5) / 2 ** 32;
  };
  const noise = () => Math.exp(0.3 * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()));
  return Array.from({ length: count }, () => {
    const control = 20 * noise();
    return (control * speed * noise()) / control;
  });
}

describe('pairedVerdict', () => {
  it('finds a clearly faster candidate', () => {
    const verdict = pairedVerdict(pairedRatios(400, 0.6));
    expect(verdict.kind).toBe('faster');
    expect(verdict.medianRatio).toBeCloseTo(0.6, 1);
    expect(verdict.interval![1]).toBeLessThan(1);
    expect(verdict.samplesNeeded).toBeUndefined();
    expect(verdict.summary).toMatch(
      /^candidate is faster: median ratio 0\.\d\d \(95% CI 0\.\d\d–0\.\d\d\) over 400 paired samples$/,
    );
  });

  it('finds a clearly slower candidate', () => {
    expect(pairedVerdict(pairedRatios(400, 1.5)).kind).toBe('slower');
  });

  it('calls a candidate within tolerance the same', () => {
    const verdict = pairedVerdict(pairedRatios(2000, 1.0));
    expect(verdict.kind).toBe('same');
    expect(verdict.interval![0]).toBeGreaterThanOrEqual(0.95);
    expect(verdict.interval![1]).toBeLessThanOrEqual(1.05);
  });

  it('is inconclusive with too few samples and says how many more it needs', () => {
    const none = pairedVerdict([]);
    expect(none).toEqual({
      kind: 'inconclusive',
      samples: 0,
      samplesNeeded: 20,
      summary: 'inconclusive: 0 paired samples; needs at least 20 more',
    });
    const few = pairedVerdict(pairedRatios(5, 0.6));
    expect([few.kind, few.samplesNeeded]).toEqual(['inconclusive', 15]);
  });

  it('estimates the samples a close call needs, and that many do decide it', () => {
    const verdict = pairedVerdict(pairedRatios(25, 0.9));
    expect(verdict.kind).toBe('inconclusive');
    expect(verdict.samplesNeeded).toBeGreaterThan(0);
    const decided = pairedVerdict(pairedRatios(Math.ceil((25 + verdict.samplesNeeded!) * 1.5), 0.9, 11));
    expect(decided.kind).toBe('faster');
  });

  it('decides the same from a histogram of ratios as from the raw ratios', () => {
    const ratios = pairedRatios(1000, 0.7);
    const fromHistogram = pairedVerdict(LatencyHistogram.of(ratios));
    const fromArray = pairedVerdict(ratios);
    expect(fromHistogram.kind).toBe(fromArray.kind);
    expect(
      Math.abs(fromHistogram.medianRatio! - fromArray.medianRatio!) / fromArray.medianRatio!,
    ).toBeLessThan(0.01);
  });

  it('honours a wider tolerance', () => {
    const ratios = pairedRatios(2000, 0.93);
    expect(pairedVerdict(ratios).kind).toBe('faster');
    expect(pairedVerdict(ratios, { tolerance: 0.1 }).kind).toBe('same');
  });
});

describe('pairedVerdict beside a noise floor', () => {
  // The control measured again where the candidates run came out at 0.80–0.90 of itself on the
  // client's path: that much of any ratio is the machine.
  const floor = [0.8, 0.9] as const;

  it('names no winner for a ratio the machine alone produces', () => {
    const verdict = pairedVerdict(pairedRatios(400, 0.85), { noiseFloor: floor });
    expect(pairedVerdict(pairedRatios(400, 0.85)).kind).toBe('faster');
    expect(verdict.kind).toBe('inconclusive');
    expect(verdict.samplesNeeded).toBeUndefined();
    expect(verdict.summary).toMatch(/within the noise floor \(the control against itself: 0\.80–0\.90\)$/);
  });

  it('still finds a candidate faster than the control against itself', () => {
    expect(pairedVerdict(pairedRatios(400, 0.5), { noiseFloor: floor }).kind).toBe('faster');
  });

  it('calls slower only above both 1 and the floor', () => {
    expect(pairedVerdict(pairedRatios(400, 1.5), { noiseFloor: floor }).kind).toBe('slower');
    expect(pairedVerdict(pairedRatios(400, 1.15), { noiseFloor: [1.1, 1.3] }).kind).toBe('inconclusive');
  });

  it('names no winner until the noise check has measured the machine', () => {
    const verdict = pairedVerdict(pairedRatios(400, 0.5), { noiseFloor: 'pending' });
    expect(verdict.kind).toBe('inconclusive');
    expect(verdict.summary).toMatch(/waiting for the noise check/);
  });

  it('leaves same and too-few-samples as they are', () => {
    expect(pairedVerdict(pairedRatios(2000, 1.0), { noiseFloor: floor }).kind).toBe('same');
    expect(pairedVerdict(pairedRatios(10, 0.5), { noiseFloor: floor }).samplesNeeded).toBeGreaterThan(0);
  });
});
