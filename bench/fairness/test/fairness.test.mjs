import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { COPY_ID, CPU_SHARE, memoryCandidate, startScenario } from '../scenario.mjs';

/**
 * The kit's traffic at 5 requests/s, every candidate at 100 %, an A/A copy of the control beside
 * the round candidates. Either the verdicts are right, or the results say the conditions were
 * not comparable: never a winner named for want of CPU.
 */
describe('a verdict to trust on one machine', () => {
  let scenario;
  let result;

  beforeAll(async () => {
    scenario = await startScenario({ log: (line) => process.stderr.write(`${line}\n`) });
    await scenario.run({ rate: 5, seconds: 8, seed: 99 }); // warm-up: cold starts, JIT
    result = await scenario.run({ rate: 5, seconds: Number(process.env.FAIRNESS_SECONDS ?? 40), seed: 1 });
  });
  afterAll(async () => scenario?.stop());

  const candidate = (summary, id) => summary.candidates.find((c) => c.id === id);

  test('the A/A copy of the control is never called faster or slower', () => {
    const copy = candidate(result.round, COPY_ID);
    expect(copy.samples).toBeGreaterThan(30);
    expect(copy.matchRate).toBe(1);
    expect(['same', 'inconclusive']).toContain(copy.verdict.kind);
  });

  test('the Go candidate is not called slower than the Node control for want of CPU', () => {
    const go = candidate(result.round, 'candidate-go');
    expect(go.verdict.kind).not.toBe('slower');
  });

  test('every verdict names the conditions it rests on; one on incomparable evidence names no winner', () => {
    for (const summary of [result.round, result.pbkdf2]) {
      for (const c of summary.candidates) {
        expect(c.verdict.comparable, c.id).toBe(c.conditions.comparable);
        if (!c.conditions.comparable) {
          expect(c.verdict.kind, c.id).toBe('inconclusive');
          expect(c.verdict.summary, c.id).toMatch(/^not comparable: /);
          expect(c.conditions.notComparable.length, c.id).toBeGreaterThan(0);
        }
      }
    }
  });

  test('pbkdf2: more memory is more CPU, in Lambda’s proportions, or the results say why not', () => {
    const sizes = Object.keys(CPU_SHARE);
    const memory = sizes.map((mb) => memoryCandidate(result.pbkdf2, mb));
    expect(memory.every(Boolean)).toBe(true);
    if (memory.some((c) => !c.conditions.comparable)) {
      // A machine too busy to measure (the test's own shared host): the results must say so.
      for (const c of memory.filter((m) => !m.conditions.comparable))
        expect(c.verdict.notComparable.join(' ')).toMatch(/waited for a CPU|without a CPU quota/);
      return;
    }
    const ratios = memory.map((c) => c.verdict.medianRatio);
    sizes.forEach((mb, i) => {
      expect(ratios[i], `${mb} MB`).toBeGreaterThan(CPU_SHARE[mb] * 0.75);
      expect(ratios[i], `${mb} MB`).toBeLessThan(CPU_SHARE[mb] * 1.25);
    });
    expect(ratios[0]).toBeGreaterThan(ratios[1]);
    expect(ratios[1]).toBeGreaterThan(ratios[2]);
  });
});
