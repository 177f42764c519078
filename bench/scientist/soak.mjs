#!/usr/bin/env node
// Soak: steady traffic through the scientist with three candidates for a long spell, then whether
// every request was accounted for (recorded, skipped or dropped; anything else is lost) and how
// the memory of every long-lived process moved between start and end.
// Usage: node bench/scientist/soak.mjs [--minutes 10] [--rate 20] [--concurrency 4] [--no-build]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { sleep, withBenchKit } from './bench-kit.mjs';
import { builtPackages } from './built-packages.mjs';
import { startClients } from './client-process.mjs';

const { values: options } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    rate: { type: 'string', default: '20' },
    concurrency: { type: 'string', default: '4' },
    'no-build': { type: 'boolean', default: false },
  },
});
const log = (line) => process.stderr.write(`${line}\n`);
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const { localCloud, scientist } = await builtPackages({ build: !options['no-build'], log });

/** Resident memory of a process in MB, from /proc (Linux); undefined once it is gone. */
function rssMb(pid) {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((entry) => entry.startsWith('VmRSS:'));
    return line ? Number(line.split(/\s+/)[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

const functions = [
  'scientist-dev-proxy',
  'scientist-dev-runner',
  'control-bench',
  'candidate-bench-agree-1',
  'candidate-bench-agree-2',
  'candidate-bench-agree-3',
];

/** The local cloud (this process: gateway, Lambda service, DynamoDB worker) and every live environment. */
function processes(cloud) {
  const list = [{ name: 'local cloud (gateway, Lambda, DynamoDB)', pid: process.pid }];
  for (const name of functions)
    for (const environment of cloud.lambda.environments(name))
      if (environment.pid !== undefined)
        list.push({ name: `${name} ${environment.id}`, pid: environment.pid });
  return list.map((entry) => ({ ...entry, rssMb: rssMb(entry.pid) }));
}

const minutes = Number(options.minutes);
// Environments live through the whole soak, so start and end measure the same processes.
const kit = { localCloud, scientist, name: 'soak', idleTimeoutMs: (minutes + 10) * 60_000 };
await withBenchKit(kit, async ({ cloud, store, experiments, scientistUrl }) => {
  const three = experiments.find((experiment) => experiment.id === 'three');
  const url = `${scientistUrl}/three`;

  // The clients run in a process of their own (client-process.mjs), so the local cloud's memory is its own.
  const client = startClients();
  try {
    const query = new scientist.ResultsQuery(store);
    const windowMinutes = minutes + 30;
    log('warming up…');
    await client.sequential(url, 20);
    const baseline = await settle(query, three, windowMinutes, 20);
    const before = processes(cloud);
    log(`soak: ${options.rate} requests/s from ${options.concurrency} clients for ${minutes} min…`);
    const started = performance.now();
    const { sent, failed, failures } = await client.sustained(
      url,
      minutes * 60,
      Number(options.concurrency),
      {
        rate: Number(options.rate),
        progress: true,
      },
    );
    const soakSeconds = (performance.now() - started) / 1000;
    const drainStarted = performance.now();
    const summary = await settle(query, three, windowMinutes, 20 + sent);
    const drainSeconds = (performance.now() - drainStarted) / 1000;
    const after = processes(cloud);

    const lines = [
      `## Soak: ${minutes} min, three candidates at 100 % (${new Date().toISOString()})`,
      '',
      `- sent ${sent} answered requests (${failed} failed${failed ? `: ${[...failures].map(([reason, count]) => `${count} × ${reason}`).join(', ')}` : ''}) in ${soakSeconds.toFixed(0)} s, ${(sent / soakSeconds).toFixed(1)} requests/s from ${options.concurrency} clients`,
      `- control samples recorded ${summary.control.samples - baseline.control.samples} (skipped ${summary.control.skipped - baseline.control.skipped}, dropped ${summary.control.dropped - baseline.control.dropped}) after ${drainSeconds.toFixed(1)} s more`,
    ];
    for (const candidate of summary.candidates) {
      const base = baseline.candidates.find((entry) => entry.id === candidate.id);
      const recorded = candidate.samples - (base?.samples ?? 0);
      const dropped = candidate.dropped - (base?.dropped ?? 0);
      const skipped = summary.control.skipped - baseline.control.skipped;
      const lost = sent - recorded - dropped - skipped;
      lines.push(
        `- ${candidate.id}: recorded ${recorded} of ${sent} sent, dropped ${dropped}, skipped ${skipped}, lost ${lost} (goal: 0); ${candidate.mismatches - (base?.mismatches ?? 0)} mismatches, ${candidate.errors - (base?.errors ?? 0)} errors, ${candidate.timeouts - (base?.timeouts ?? 0)} timeouts`,
      );
    }
    lines.push(
      '',
      '| process | pid | RSS at start (MB) | RSS at end (MB) | change |',
      '| --- | --- | --- | --- | --- |',
    );
    const pids = new Map([...before, ...after].map((entry) => [entry.pid, entry.name]));
    for (const [pid, name] of pids) {
      const start = before.find((entry) => entry.pid === pid)?.rssMb;
      const end = after.find((entry) => entry.pid === pid)?.rssMb;
      const format = (value) => (value === undefined ? '—' : value.toFixed(1));
      const change =
        start !== undefined && end !== undefined
          ? `${end >= start ? '+' : ''}${(end - start).toFixed(1)}`
          : '—';
      lines.push(`| ${name} | ${pid} | ${format(start)} | ${format(end)} | ${change} |`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    client.close();
  }
});

/** The summary once every candidate has recorded `expected` samples, or after two quiet minutes. */
async function settle(query, experiment, windowMinutes, expected) {
  let summary;
  let last = -1;
  let quietSince = performance.now();
  while (true) {
    summary = await query.summary(experiment, windowMinutes);
    const counts = summary.candidates.map((candidate) => candidate.samples + candidate.dropped);
    const total = counts.reduce((sum, count) => sum + count, 0);
    if (counts.every((count) => count >= expected)) return summary;
    if (total !== last) {
      last = total;
      quietSince = performance.now();
    } else if (performance.now() - quietSince > 120_000) {
      return summary;
    }
    await sleep(500);
  }
}
