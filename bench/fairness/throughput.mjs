#!/usr/bin/env node
// What one-candidate-at-a-time costs the runner: two scientists side by side on one local cloud,
// one with the local cloud's schedule (candidates one at a time) and one running them at once
// (SCIENTIST_SCHEDULE=separate-hosts), in alternating rounds of sustained load on an experiment
// with three candidates at 100 % (bench/scientist's fixtures: 5 ms each). Prints requests/s,
// results recorded, and how long the last results took to arrive.
// Usage: node bench/fairness/throughput.mjs [--rounds 2] [--seconds 10] [--concurrency 8]
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { root } from './scenario.mjs';

const { values: options } = parseArgs({
  options: {
    rounds: { type: 'string', default: '2' },
    seconds: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '8' },
  },
});
const log = (line) => process.stderr.write(`${line}\n`);
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const { startLocalCloud } = await import(path.join(root, 'packages/local-cloud/dist/index.js'));
const { openStore, ResultsQuery, checkExperiments } = await import(
  path.join(root, 'packages/scientist/dist/index.js')
);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The scientist's deployable files under another service name, with extra runner settings. */
function stage(dir, service, runnerEnvironment) {
  const scientist = path.join(root, 'packages/scientist');
  mkdirSync(path.join(dir, 'dist'), { recursive: true });
  cpSync(path.join(scientist, 'dist/lambda'), path.join(dir, 'dist/lambda'), { recursive: true });
  cpSync(path.join(scientist, 'experiments.yaml'), path.join(dir, 'experiments.yaml'));
  let yml = readFileSync(path.join(scientist, 'serverless.yml'), 'utf8').replace(
    /^service: scientist$/m,
    `service: ${service}`,
  );
  for (const [name, value] of Object.entries(runnerEnvironment))
    yml = yml.replace(
      '      SCIENTIST_CONCURRENCY: "8"',
      `      SCIENTIST_CONCURRENCY: "8"\n      ${name}: "${value}"`,
    );
  writeFileSync(path.join(dir, 'serverless.yml'), yml);
  return dir;
}

const stateRoot = mkdtempSync(path.join(os.tmpdir(), 'scientist-throughput-'));
const cloud = await startLocalCloud({
  root: stateRoot,
  port: 0,
  stateDir: path.join(stateRoot, '.scientist'),
  persist: false,
});
const variants = {
  'one at a time': { service: 'scientist', env: {} },
  'all at once': { service: 'scientist-at-once', env: { SCIENTIST_SCHEDULE: 'separate-hosts' } },
};
const stores = [];
try {
  await cloud.deploy(path.join(root, 'bench/scientist/fixtures'));
  const source = readFileSync(path.join(root, 'bench/scientist/fixtures/experiments.yaml'), 'utf8');
  const checked = checkExperiments(source);
  if (!checked.ok) throw new Error(checked.problems.join('\n'));
  const three = checked.experiments.find((experiment) => experiment.id === 'three');
  for (const variant of Object.values(variants)) {
    await cloud.deploy(stage(path.join(stateRoot, variant.service), variant.service, variant.env));
    variant.store = openStore({ endpoint: cloud.endpoints.dynamodb, tableName: `${variant.service}-dev` });
    stores.push(variant.store);
    await variant.store.publishDefinition(source, 'upload');
    variant.url = `${cloud.endpoints.gateway}/${variant.service}/dev/three`;
    variant.totals = { sent: 0, seconds: 0, drainSeconds: 0, missing: 0 };
    for (let i = 0; i < 30; i++) await fetch(`${variant.url}?n=${i}`).then((r) => r.arrayBuffer());
  }
  for (let round = 1; round <= Number(options.rounds); round++) {
    for (const [name, variant] of Object.entries(variants)) {
      log(`round ${round}: ${name}, ${options.concurrency} clients for ${options.seconds} s…`);
      const query = new ResultsQuery(variant.store);
      const before = (await query.summary(three, 60)).candidates.map((c) => c.samples);
      let sent = 0;
      const started = performance.now();
      const deadline = started + Number(options.seconds) * 1000;
      await Promise.all(
        Array.from({ length: Number(options.concurrency) }, async () => {
          while (performance.now() < deadline) {
            await fetch(`${variant.url}?n=${sent}`).then((r) => r.arrayBuffer());
            sent++;
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const drainStarted = performance.now();
      let recorded = [];
      for (let wait = 0; wait < 240; wait++) {
        const now = (await query.summary(three, 60)).candidates.map((c) => c.samples);
        recorded = now.map((count, i) => count - before[i]);
        if (recorded.every((count) => count >= sent)) break;
        await sleep(250);
      }
      variant.totals.sent += sent;
      variant.totals.seconds += seconds;
      variant.totals.drainSeconds += (performance.now() - drainStarted) / 1000;
      variant.totals.missing += Math.max(0, ...recorded.map((count) => sent - count));
    }
  }
  const rate = (v) => v.totals.sent / v.totals.seconds;
  const [shared, separate] = Object.values(variants);
  const lines = [
    `## Runner throughput, one candidate at a time against all at once (bench/fairness/throughput.mjs), ${new Date().toISOString().slice(0, 16)} UTC, ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)}`,
    '',
    `Three candidates (5 ms each) at 100 %, ${options.concurrency} clients, ${options.rounds} alternating rounds of ${options.seconds} s:`,
    '',
    '| runner schedule | requests/s | results still arriving after the load (s, per round) | missing |',
    '| --- | --- | --- | --- |',
    ...Object.entries(variants).map(
      ([name, v]) =>
        `| ${name} | ${rate(v).toFixed(1)} | ${(v.totals.drainSeconds / Number(options.rounds)).toFixed(1)} | ${v.totals.missing} |`,
    ),
    '',
    `- one at a time ÷ all at once, requests/s: ${(rate(shared) / rate(separate)).toFixed(2)}×`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  for (const store of stores) store.destroy();
  await cloud.stop();
  rmSync(stateRoot, { recursive: true, force: true });
}
