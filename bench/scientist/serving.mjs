#!/usr/bin/env node
import os from 'node:os';
import { parseArgs } from 'node:util';
import { ms, ratio, sleep, stats, withBenchKit } from './bench-kit.mjs';
import { builtPackages } from './built-packages.mjs';
import { startClients } from './client-process.mjs';

const { values: options } = parseArgs({
  options: {
    requests: { type: 'string', default: '300' },
    rounds: { type: 'string', default: '3' },
    pace: { type: 'string', default: '40' },
    'no-build': { type: 'boolean', default: false },
  },
});
const log = (line) => process.stderr.write(`${line}\n`);
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const { localCloud, scientist } = await builtPackages({ build: !options['no-build'], log });
const { ResultsQuery } = scientist;

await withBenchKit(
  { localCloud, scientist, name: 'serving-bench' },
  async ({ store, experiments, directUrl, scientistUrl }) => {
    const checked = { experiments };

    const targets = {
      direct: directUrl,
      control: `${scientistUrl}/one`,
      served: `${scientistUrl}/served`,
      fallback: `${scientistUrl}/fallback`,
    };

    // The clients run in a process of their own (client-process.mjs), as a deployment's do.
    const client = startClients();
    // Interleaved rounds of sequential requests, so the machine's load falls on all alike.
    const samples = Object.fromEntries(Object.keys(targets).map((name) => [name, []]));
    const perRound = Math.ceil(Number(options.requests) / Number(options.rounds));
    try {
      log('warming up…');
      for (const url of Object.values(targets)) await client.sequential(url, 50);
      for (let round = 1; round <= Number(options.rounds); round++) {
        log(`round ${round}/${options.rounds} (${perRound} requests per target)…`);
        for (const [name, url] of Object.entries(targets)) {
          samples[name].push(...(await client.sequential(url, perRound, { paceMs: Number(options.pace) })));
        }
      }
    } finally {
      client.close();
    }
    const latency = Object.fromEntries(
      Object.entries(samples).map(([name, values]) => [name, stats(values)]),
    );

    // The serving counts say every request went where the bench meant it to.
    const query = new ResultsQuery(store);
    const countsOf = async (id) => {
      const experiment = checked.experiments.find((candidate) => candidate.id === id);
      const [candidate] = (await query.summary(experiment, 60)).candidates;
      return { served: candidate.served, fallbacks: candidate.fallbacks };
    };
    const sent = 50 + perRound * Number(options.rounds);
    let counts = {};
    for (let wait = 0; wait < 120; wait++) {
      counts = { served: await countsOf('served'), fallback: await countsOf('fallback') };
      if (counts.served.served >= sent && counts.fallback.fallbacks >= sent) break;
      await sleep(500);
    }

    const row = (label, name) => `| ${label} | ${ms(latency[name].p50)} | ${ms(latency[name].p99)} |`;
    const both = (a, b) =>
      `p50 ${ratio(latency[a].p50, latency[b].p50)}, p99 ${ratio(latency[a].p99, latency[b].p99)}`;
    const lines = [
      `## Serving (bench/scientist/serving.mjs), ${new Date().toISOString().slice(0, 16)} UTC, ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)}`,
      '',
      `Client latency, ${latency.direct.n} sequential requests per target in ${options.rounds} interleaved rounds, ${options.pace} ms between requests (control and candidates sleep 5 ms):`,
      '',
      '| target | p50 | p99 |',
      '| --- | --- | --- |',
      row('control directly', 'direct'),
      row('through the scientist, the control serves (one candidate shadowed)', 'control'),
      row('through the scientist, a candidate serves (the control shadows)', 'served'),
      row('through the scientist, the served candidate fails: fallback to the control', 'fallback'),
      '',
      `- candidate served ÷ control directly: ${both('served', 'direct')}`,
      `- candidate served ÷ control serving through the scientist: ${both('served', 'control')}`,
      `- fallback ÷ control directly: ${both('fallback', 'direct')}`,
      `- fallback ÷ candidate served (what the extra control invoke costs): ${both('fallback', 'served')}; p50 difference ${ms(latency.fallback.p50 - latency.served.p50)}`,
      `- counted: served ${counts.served?.served} of ${sent} to /served, fallbacks ${counts.fallback?.fallbacks} of ${sent} to /fallback`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  },
);
