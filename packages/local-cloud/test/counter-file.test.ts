import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { CounterFile } from '../src/lambda/counter-file.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'counter-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** This thread's CPU time in nanoseconds: the first figure of its schedstat. */
const cpuNs = (text: string) => Number(text.split(' ')[0]);

test.runIf(process.platform === 'linux')(
  'a kernel counter file kept open reads fresh figures each time',
  () => {
    const schedstat = new CounterFile('/proc/thread-self/schedstat');
    const before = cpuNs(schedstat.read());
    // Spin until the process has used 20 ms of CPU, nearly all on this thread: on a busy machine that
    // takes longer than 20 ms of wall time, and a file that kept its first figures would never show it.
    const start = process.cpuUsage();
    const cpuMs = () => {
      const used = process.cpuUsage(start);
      return (used.user + used.system) / 1000;
    };
    const deadline = performance.now() + 10_000;
    while (cpuMs() < 20 && performance.now() < deadline) Math.sqrt(Math.random());
    const after = cpuNs(schedstat.read());
    schedstat.close();
    expect(before).toBeGreaterThan(0);
    expect(cpuMs()).toBeGreaterThanOrEqual(20);
    expect(after - before).toBeGreaterThan(10_000_000);
  },
);

test('a closed counter file opens again on the next read; a missing one throws with its path', () => {
  const file = path.join(dir, 'counter');
  writeFileSync(file, 'usage_usec 1\n');
  const counter = new CounterFile(file);
  expect(counter.read()).toBe('usage_usec 1\n');
  counter.close();
  counter.close();
  writeFileSync(file, 'usage_usec 22\n');
  expect(counter.read()).toBe('usage_usec 22\n');
  counter.close();
  expect(() => new CounterFile(path.join(dir, 'gone')).read()).toThrow(/ENOENT.*gone/);
});
