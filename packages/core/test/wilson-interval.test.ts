import { describe, expect, it } from 'vitest';
import { wilsonInterval } from '../src/index.js';

describe('wilsonInterval', () => {
  it('agrees with published values', () => {
    // 81 of 263 at 95 %: 0.2553–0.3662 (Wilson 1927, as tabulated by Newcombe 1998).
    const { estimate, low, high } = wilsonInterval(81, 263);
    expect(estimate).toBeCloseTo(0.308, 3);
    expect(low).toBeCloseTo(0.2553, 4);
    expect(high).toBeCloseTo(0.3662, 4);
  });

  it('stays within 0–1 at the extremes and widens with confidence', () => {
    expect(wilsonInterval(10, 10).high).toBe(1);
    expect(wilsonInterval(10, 10).low).toBeCloseTo(0.7225, 4);
    expect(wilsonInterval(0, 10).low).toBe(0);
    expect(wilsonInterval(0, 0)).toEqual({ estimate: 0, low: 0, high: 1 });
    const narrow = wilsonInterval(90, 100, 0.9);
    const wide = wilsonInterval(90, 100, 0.99);
    expect(wide.low).toBeLessThan(narrow.low);
    expect(wide.high).toBeGreaterThan(narrow.high);
  });

  it('refuses counts that cannot be', () => {
    expect(() => wilsonInterval(5, 4)).toThrow('5 successes is more than 4 trials');
    expect(() => wilsonInterval(1.5, 4)).toThrow('counts must be whole numbers');
  });
});
