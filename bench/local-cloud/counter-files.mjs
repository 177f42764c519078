#!/usr/bin/env node
// What reading a kernel counter file costs the local cloud, side by side in one run: readFileSync
// (an open, a stat, a read and a close each time, as before) against the file kept open and read
// again from offset 0 (CounterFile, as every invoke that reports its CPU now reads its environment's
// cgroup and /proc files). Linux only. Build the local cloud first (nx run local-cloud:build).
// Usage: node bench/local-cloud/counter-files.mjs [--readings 20000] [--rounds 3]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values: options } = parseArgs({
  options: { readings: { type: 'string', default: '20000' }, rounds: { type: 'string', default: '3' } },
});
const { CounterFile } = await import(
  path.resolve(import.meta.dirname, '../../packages/local-cloud/dist/lambda/counter-file.js')
);
// The kinds of file an invocation reads: a thread's schedstat, a process's status, and a cgroup's
// cpu.stat and cpu.pressure where this process can see its own.
const files = [
  '/proc/thread-self/schedstat',
  '/proc/self/status',
  '/sys/fs/cgroup/cpu.stat',
  '/sys/fs/cgroup/cpu.pressure',
].filter((file) => {
  try {
    readFileSync(file);
    return true;
  } catch {
    return false;
  }
});
const counters = files.map((file) => new CounterFile(file));
const readings = Number(options.readings);
const cpuUs = (work) => {
  const started = process.cpuUsage();
  work();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / (readings * files.length);
};
const lines = [
  `Files: ${files.join(', ')}; ${readings} readings of each per round.`,
  '',
  '| round | readFileSync per file | kept open per file | ratio |',
  '| --- | --- | --- | --- |',
];
for (let round = 1; round <= Number(options.rounds); round++) {
  const whole = cpuUs(() => {
    for (let i = 0; i < readings; i++) for (const file of files) readFileSync(file, 'utf8');
  });
  const open = cpuUs(() => {
    for (let i = 0; i < readings; i++) for (const counter of counters) counter.read();
  });
  lines.push(`| ${round} | ${whole.toFixed(1)} µs | ${open.toFixed(1)} µs | ${(whole / open).toFixed(2)}× |`);
}
for (const counter of counters) counter.close();
process.stdout.write(`${lines.join('\n')}\n`);
