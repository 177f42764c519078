import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidValueError, LatencyHistogram } from '../src/index.js';

const latency = fc.double({ min: 1e-6, max: 1e6, noNaN: true, noDefaultInfinity: true });
const latencies = fc.array(fc.oneof(latency, fc.constant(0)), { maxLength: 300 });
const same = (a: LatencyHistogram, b: LatencyHistogram) => {
  const { sum: sumA, ...restA } = a.toJSON();
  const { sum: sumB, ...restB } = b.toJSON();
  expect(restA).toEqual(restB);
  expect(sumA).toBeCloseTo(sumB, 6);
};

describe('LatencyHistogram', () => {
  it('knows every percentile to within 1 % of the exact value', () => {
    fc.assert(
      fc.property(
        fc.array(latency, { minLength: 1, maxLength: 500 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, q) => {
          const exact = [...values].sort((a, b) => a - b)[Math.floor(q * (values.length - 1))]!;
          const estimate = LatencyHistogram.of(values).percentile(q)!;
          expect(Math.abs(estimate - exact)).toBeLessThanOrEqual(exact * 0.01 * (1 + 1e-9));
        },
      ),
    );
  });

  it('merges associatively and commutatively', () => {
    fc.assert(
      fc.property(latencies, latencies, latencies, (a, b, c) => {
        const h = (values: number[]) => LatencyHistogram.of(values);
        same(h(a).merge(h(b)), h(b).merge(h(a)));
        same(h(a).merge(h(b)).merge(h(c)), h(a).merge(h(b).merge(h(c))));
        same(h(a).merge(h(b)), h([...a, ...b]));
      }),
    );
  });

  it('round-trips through both stored forms', () => {
    fc.assert(
      fc.property(latencies, (values) => {
        const histogram = LatencyHistogram.of(values);
        expect(LatencyHistogram.from(histogram.toJSON()).toJSON()).toEqual(histogram.toJSON());
        expect(LatencyHistogram.from(JSON.parse(JSON.stringify(histogram))).toJSON()).toEqual(
          histogram.toJSON(),
        );
        expect(LatencyHistogram.from(histogram.serialize()).toJSON()).toEqual(histogram.toJSON());
      }),
    );
  });

  it('keeps exact count, sum, min and max, and a zero bucket', () => {
    const histogram = LatencyHistogram.empty().record(0).record(0.5).record(12, 3).record(250);
    expect([histogram.count, histogram.sum, histogram.min, histogram.max]).toEqual([6, 286.5, 0, 250]);
    expect(histogram.percentile(0)).toBe(0);
    expect(histogram.percentile(0.5)).toBeCloseTo(12, 0);
    expect(histogram.serialize()).toMatchInlineSnapshot(`"6;286.5;0;250;1;125:3,277:1,-34:1"`);
    expect(LatencyHistogram.empty().percentile(0.99)).toBeUndefined();
  });

  it('reads counters kept without min and max (bucket bounds instead)', () => {
    const stored = LatencyHistogram.of([10, 20, 30]).toJSON();
    const { min: _min, max: _max, ...countersOnly } = stored;
    const histogram = LatencyHistogram.from(countersOnly);
    expect(Math.abs(histogram.min! - 10) / 10).toBeLessThanOrEqual(0.01);
    expect(Math.abs(histogram.max! - 30) / 30).toBeLessThanOrEqual(0.01);
  });

  it('refuses values that are not latencies and stored forms that do not add up', () => {
    expect(() => LatencyHistogram.empty().record(-1)).toThrow(InvalidValueError);
    expect(() => LatencyHistogram.empty().record(Number.NaN)).toThrow('must be finite and >= 0');
    expect(() => LatencyHistogram.from({ count: 2, sum: 1, buckets: { '0': 1 } })).toThrow(
      'does not match its buckets',
    );
    expect(() => LatencyHistogram.from('nonsense')).toThrow('is not a serialized histogram');
  });
});
