import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { PeakMemory } from '../src/lambda/peak-memory.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'peak-memory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("an environment's peak is read when the log tail asks for it, else at most once a second, and never falls", () => {
  const peakFile = path.join(dir, 'memory.peak');
  writeFileSync(peakFile, `${100 * 1048576}\n`);
  const peak = new PeakMemory({ peakFile: () => peakFile, pid: () => undefined });
  expect(peak.megabytes(false)).toBe(100);
  writeFileSync(peakFile, `${150 * 1048576}\n`);
  // Within the second, an invocation that does not ask gets the last figure; one that asks, today's.
  expect(peak.megabytes(false)).toBe(100);
  expect(peak.megabytes(true)).toBe(150);
  // The larger view wins: this process's own peak resident set, once it has a pid.
  const own = new PeakMemory({ peakFile: () => peakFile, pid: () => process.pid });
  expect(own.megabytes(true)).toBeGreaterThanOrEqual(150);
  writeFileSync(peakFile, `${20 * 1048576}\n`);
  expect(peak.megabytes(true)).toBe(150);
  peak.close();
  own.close();
});
