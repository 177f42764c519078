#!/usr/bin/env node
// Time to first render of the dashboard: an experiment with no recorded requests against one with
// 1,000,000 (aggregated as the runner aggregates them, spread over the last 30 minutes), side by
// side in one run, in headless Chromium against the scientist on the local cloud.
// Usage: node bench/dashboard/first-render.mjs [--requests 1000000] [--loads 5]
// Needs the builds: npx nx run-many -t build -p scientist cli dashboard
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(import.meta.dirname, '../..');
const { values: options } = parseArgs({
  options: { requests: { type: 'string', default: '1000000' }, loads: { type: 'string', default: '5' } },
});
const log = (line) => process.stderr.write(`${line}\n`);
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const { startLocalCloud } = await import(path.join(root, 'packages/local-cloud/dist/index.js'));
const { openStore, ResultRecorder } = await import(path.join(root, 'packages/scientist/dist/index.js'));
const { createObservation } = await import(path.join(root, 'packages/core/dist/index.js'));
const { chromium } = await import('playwright-core');

const scientistDir = path.join(root, 'packages/scientist');
const work = mkdtempSync(path.join(os.tmpdir(), 'dashboard-bench-'));
const staged = path.join(work, 'scientist');
mkdirSync(path.join(staged, 'dist'), { recursive: true });
for (const file of ['serverless.yml', 'experiments.yaml'])
  cpSync(path.join(scientistDir, file), path.join(staged, file));
cpSync(path.join(scientistDir, 'dist/lambda'), path.join(staged, 'dist/lambda'), { recursive: true });
cpSync(path.join(root, 'packages/dashboard/dist'), path.join(staged, 'dist/dashboard'), { recursive: true });

const cloud = await startLocalCloud({
  root: work,
  port: 0,
  stateDir: path.join(work, '.scientist'),
  persist: false,
});
let browser;
try {
  await cloud.deploy(path.join(scientistDir, 'test/fixtures/functions'));
  await cloud.deploy(staged);
  const arn = (name) => `"arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:${name}"`;
  const experiment = (id) => [
    `  ${id}:`,
    `    path: ${id}`,
    `    control: { name: Control, arn: ${arn('control-fixture')} }`,
    '    candidates:',
    `      agrees: { name: Agrees, arn: ${arn('candidate-fixture-agrees')} }`,
    `      differs: { name: Differs, arn: ${arn('candidate-fixture-differs')} }`,
  ];
  const file = path.join(work, 'experiments.yaml');
  writeFileSync(file, ['experiments:', ...experiment('empty'), ...experiment('bulk'), ''].join('\n'));
  execFileSync(
    process.execPath,
    [
      path.join(root, 'packages/cli/bin/scientist.js'),
      'experiments',
      'upload',
      file,
      '--endpoint',
      cloud.endpoints.dynamodb,
    ],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, FORCE_COLOR: '0' },
    },
  );

  const requests = Number(options.requests);
  log(`recording ${requests.toLocaleString('en')} requests into the aggregates…`);
  const store = openStore({ endpoint: cloud.endpoints.dynamodb });
  const recorder = new ResultRecorder({
    sink: {
      putResultItems: async () => undefined,
      addAggregates: (increment) => store.addAggregates(increment),
    },
  });
  const observation = (variantId, i, memorySizeMb) =>
    createObservation({
      variantId,
      statusCode: 200,
      headers: { 'content-type': 'text/plain' },
      bodyHash: 'x',
      durations: {
        clientMs: 4 + (i % 17) * 0.5,
        functionMs: 2 + (i % 23) * 0.3,
        billedMs: 3,
        memorySizeMb,
        maxMemoryUsedMb: 60 + (i % 7),
      },
    });
  const now = Date.now();
  const started = performance.now();
  for (let i = 0; i < requests; i++) {
    recorder.record({
      experiment: 'bulk',
      requestId: `r${i}`,
      at: now - (i % 30) * 60_000,
      request: { method: 'GET', path: '/bulk', query: '', headers: {} },
      control: observation('control', i, 128),
      candidates: [
        { observation: observation('agrees', i * 3, 512), outcome: 'match' },
        i % 2 === 0
          ? {
              observation: observation('differs', i * 5, 128),
              outcome: 'mismatch',
              diff: 'body: control 1, candidate 2',
              mismatchKeys: ['body /'],
            }
          : { observation: observation('differs', i * 5, 128), outcome: 'match' },
      ],
      curl: '',
      bodies: 'none',
      redactHeaders: [],
    });
    if (i % 20_000 === 19_999 || i === requests - 1) {
      const report = await recorder.flush();
      if (report.error) throw report.error;
    }
  }
  log(`recorded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  store.destroy();

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
  const base = `${cloud.endpoints.gateway}/scientist/dev/_scientist/`;
  /** From navigation to the candidate cards and the drawn distribution. */
  const firstRender = async (id) => {
    await page.goto('about:blank');
    const begin = performance.now();
    await page.goto(`${base}#experiment=${id}&minutes=60`);
    await page.locator('candidate-card').first().waitFor({ timeout: 60_000 });
    if (id === 'bulk')
      await page.locator('distribution-chart[kind="warm"] canvas').waitFor({ timeout: 60_000 });
    return performance.now() - begin;
  };
  const times = { empty: [], bulk: [] };
  await firstRender('empty'); // warms the functions
  for (let load = 0; load < Number(options.loads); load++) {
    times.empty.push(await firstRender('empty'));
    times.bulk.push(await firstRender('bulk'));
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const samples = await (
    await fetch(`${cloud.endpoints.gateway}/scientist/dev/_scientist/api/experiments/bulk`)
  ).json();
  process.stdout.write(
    [
      `## Dashboard first render (bench/dashboard), ${new Date().toISOString().slice(0, 16)} UTC, ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)}`,
      '',
      `| experiment | recorded requests | first render (median of ${options.loads}) |`,
      '| --- | ---: | ---: |',
      `| empty | 0 | ${median(times.empty).toFixed(0)} ms |`,
      `| bulk | ${samples.control.samples.toLocaleString('en')} | ${median(times.bulk).toFixed(0)} ms |`,
      '',
      `- ${requests.toLocaleString('en')} requests ÷ none: ${(median(times.bulk) / median(times.empty)).toFixed(2)}× the time to first render`,
      '',
    ].join('\n'),
  );
} finally {
  await browser?.close();
  await cloud.stop();
  rmSync(work, { recursive: true, force: true });
}
