import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketOf, isSampled } from '../src/index.js';
import { murmur3 } from '../src/murmur3.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('murmur3', () => {
  it('matches the reference implementation', () => {
    expect(murmur3(bytes(''), 0)).toBe(0);
    expect(murmur3(bytes(''), 1)).toBe(0x514e28b7);
    expect(murmur3(bytes('hello'), 0)).toBe(0x248bfa47);
    expect(murmur3(bytes('Hello, world!'), 1234)).toBe(0xfaf6cdb3);
    expect(murmur3(bytes('The quick brown fox jumps over the lazy dog'), 0)).toBe(0x2e4ff723);
  });
});

describe('sticky sampling', () => {
  it('puts a key in the same bucket every time, within 0–9999', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (salt, decision, key) => {
        const bucket = bucketOf(salt, decision, key);
        expect(bucketOf(salt, decision, key)).toBe(bucket);
        expect(Number.isInteger(bucket) && bucket >= 0 && bucket < 10_000).toBe(true);
      }),
    );
  });

  it('only adds keys as the percentage rises', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (key, a, b) => {
          const target = { salt: 'rounding-float', decision: 'candidate-1', key };
          const [low, high] = a < b ? [a, b] : [b, a];
          if (isSampled(low, target)) expect(isSampled(high, target)).toBe(true);
        },
      ),
    );
  });

  it('spreads keys evenly and gives each decision its own buckets', () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `request-${i}`);
    const tenths = new Array<number>(10).fill(0);
    for (const key of keys) tenths[Math.floor(bucketOf('salt', 'sample', key) / 1000)]!++;
    // Each tenth expects 2,000; ±10 % is over six standard deviations.
    for (const count of tenths) expect(Math.abs(count - 2000)).toBeLessThan(200);
    const sampled = keys.filter((key) => isSampled(25, { salt: 'salt', decision: 'sample', key }));
    expect(Math.abs(sampled.length / keys.length - 0.25)).toBeLessThan(0.02);
    const other = sampled.filter((key) => isSampled(25, { salt: 'salt', decision: 'serve', key }));
    expect(Math.abs(other.length / sampled.length - 0.25)).toBeLessThan(0.03);
  });

  it('samples none at 0 %, all at 100 %, and refuses other numbers', () => {
    const target = { salt: 's', decision: 'd', key: 'k' };
    expect([isSampled(0, target), isSampled(100, target)]).toEqual([false, true]);
    expect(() => isSampled(101, target)).toThrow('sample percentage 101 is not between 0 and 100');
    expect(() => isSampled(Number.NaN, target)).toThrow();
  });
});
