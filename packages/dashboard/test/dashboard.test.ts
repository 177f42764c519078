import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { type LocalCloud, startLocalCloud } from '@serverless-scientist/local-cloud';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { count, dollars, milliseconds, percent } from '../src/figures.js';

const packageDir = path.resolve(import.meta.dirname, '..');
const scientistDir = path.resolve(packageDir, '../scientist');
const fixturesDir = path.join(scientistDir, 'test/fixtures/functions');
const cli = path.resolve(packageDir, '../cli/bin/scientist.js');

/**
 * The scientist as deployed, with this build of the dashboard in it: its serverless.yml and Lambda
 * bundle, staged apart so the scientist's own files are left alone.
 */
function stageScientist(root: string): string {
  const staged = path.join(root, 'scientist');
  mkdirSync(path.join(staged, 'dist'), { recursive: true });
  for (const file of ['serverless.yml', 'experiments.yaml'])
    cpSync(path.join(scientistDir, file), path.join(staged, file));
  cpSync(path.join(scientistDir, 'dist/lambda'), path.join(staged, 'dist/lambda'), { recursive: true });
  cpSync(path.join(packageDir, 'dist'), path.join(staged, 'dist/dashboard'), { recursive: true });
  return staged;
}

/** Only the calm and the differing candidates: enough to see a match, a mismatch and a verdict. */
function experimentsYaml(): string {
  const arn = (name: string) => `"arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:${name}"`;
  return [
    'experiments:',
    '  fixture:',
    '    path: fixture',
    '    methods: [GET]',
    '    comparators: [body, statuscode]',
    '    record: { bodies: mismatches }',
    '    noise: 100',
    // The request with n = 2 is served by the candidate that agrees: the counts stay as without it.
    '    serve: { agrees: { when: [{ query: n, equals: "2" }] } }',
    `    control: { name: Fixture control, arn: ${arn('control-fixture')} }`,
    '    candidates:',
    `      agrees: { name: Agrees, arn: ${arn('candidate-fixture-agrees')} }`,
    `      differs: { name: Differs on odd n, arn: ${arn('candidate-fixture-differs')} }`,
    '',
  ].join('\n');
}

describe('the dashboard, served by the scientist on the local cloud', () => {
  let root: string;
  let cloud: LocalCloud;
  let browser: Browser;
  let page: Page;
  let scientistUrl: string;

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'dashboard-e2e-'));
    cloud = await startLocalCloud({ root, port: 0, stateDir: path.join(root, '.scientist'), persist: false });
    await cloud.deploy(fixturesDir);
    await cloud.deploy(stageScientist(root));
    scientistUrl = `${cloud.endpoints.gateway}/scientist/dev`;
    await uploadExperiments(cloud, root, experimentsYaml());
    // launch() gives each browser a fresh throwaway profile of its own.
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
      timeout: 20_000,
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
    // A script error on the page is the test's failure, said plainly.
    page.on('pageerror', (error) => console.error(`dashboard page error: ${error.message}`));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await cloud?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  }, 30_000);

  test('shows each candidate’s match rate, its verdict and a mismatch’s diff', async () => {
    // Warm the functions first, then send traffic the two candidates answer differently.
    await waitForRoute(`${scientistUrl}/fixture?n=0`);
    for (let n = 1; n <= 12; n++) {
      const response = await fetch(`${scientistUrl}/fixture?n=${n}`, { signal: AbortSignal.timeout(10_000) });
      expect(response.status).toBe(200);
    }
    await expect
      // Both candidates by name: an empty list (the store not answering yet) must not end the wait.
      .poll(
        async () => {
          const { candidates } = await fetchSummary(scientistUrl);
          return ['agrees', 'differs'].every(
            (id) => (candidates.find((c) => c.id === id)?.samples ?? 0) >= 13,
          );
        },
        {
          timeout: 15_000,
          interval: 250,
        },
      )
      .toBe(true);

    // One explicit window for the page and the terminal, so both answer about the same minutes.
    const since = new Date(Date.now() - 5 * 60_000).toISOString().slice(0, 16);
    const until = new Date(Date.now() + 5 * 60_000).toISOString().slice(0, 16);
    await page.goto(
      `${scientistUrl}/_scientist/#experiment=fixture&minutes=60&since=${since}Z&until=${until}Z`,
    );
    const differs = page.locator('candidate-card', { hasText: 'Differs on odd n' });
    const agrees = page.locator('candidate-card', { hasText: 'Agrees' }).first();
    await differs.waitFor({ timeout: 20_000 });

    await expect
      .poll(() => page.locator('experiment-list button').allInnerTexts())
      .toEqual([expect.stringMatching(/^fixture \/fixture\s+\d+\.\d %$/)]);
    // 13 requests, n = 0…12: the 6 odd ones differ.
    expect(await agrees.locator('.rate').innerText()).toBe('100.00 %');
    expect(await differs.locator('.rate').innerText()).toBe('53.85 %');
    expect(await differs.locator('.interval').innerText()).toMatch(
      /^match rate, 95 % interval \d+\.\d\d % – \d+\.\d\d %$/,
    );
    expect(await differs.locator('dl').innerText()).toMatch(/mismatches\s+6\b/);
    expect(await agrees.locator('dl').innerText()).toMatch(/served\s+1\n/);
    expect(await differs.locator('dl').innerText()).not.toMatch(/served/);
    const verdict = differs.locator('.verdict');
    expect(await verdict.getAttribute('data-verdict')).toMatch(/^(faster|slower|same|inconclusive)$/);
    // The label, then the evidence: the median ratio with its interval over the paired samples.
    expect(await verdict.innerText()).toMatch(
      /^(Faster|Slower|Same speed|Inconclusive)\s+(median ratio \d|\d+ paired samples?;)|^Not comparable\s+\d+ of \d+ pairs/,
    );
    // The noise check beside the candidates: the control against itself, which is deterministic here.
    const noise = page.locator('noise-card');
    await noise.waitFor({ timeout: 10_000 });
    expect(await noise.locator('[data-noise-rate]').innerText()).toBe('0.00 %');
    expect(await noise.locator('p').first().innerText()).toMatch(
      /^1[3-9] samples; differs from itself in 0\.00 %$/,
    );
    expect(await noise.locator('.verdict').getAttribute('data-verdict')).toMatch(/^(same|inconclusive)$/);

    const mismatch = page.locator('mismatch-list article').first();
    expect(await mismatch.locator('header strong').innerText()).toBe('differs');
    expect(await mismatch.locator('.diff').innerText()).toContain('body');
    expect(await mismatch.locator('.curl pre').innerText()).toMatch(
      /^curl -sS -X GET 'http:\/\/127\.0\.0\.1:\d+\/scientist\/dev\/fixture\?n=\d*[13579]'$/,
    );
    // uPlot draws on a canvas; its legend names each series.
    expect(await page.locator('time-series-chart[kind="traffic"] canvas').count()).toBe(1);
    expect(await page.locator('time-series-chart[kind="p50"] .u-legend .u-series').count()).toBe(4);
    // The upload that made the experiment is marked on both charts, over the plot and in the table.
    const traffic = page.locator('time-series-chart[kind="traffic"]');
    const uploads = await traffic.locator('.u-over [data-marker="version"]').allInnerTexts();
    expect(uploads.length).toBeGreaterThan(0);
    expect(uploads.at(-1)).toMatch(/^v\d+ upload$/);
    expect(await traffic.locator('.u-over [data-marker="version"]').last().getAttribute('title')).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC: definitions version \d+ \(upload\)$/,
    );
    expect(await page.locator('time-series-chart[kind="p50"] .u-over [data-marker="version"]').count()).toBe(
      uploads.length,
    );
    expect(await traffic.locator('table.markers tr[data-marker="version"]').count()).toBe(uploads.length);

    // The page's figures are the terminal's for the same window.
    const terminal = await resultsJson(cloud, 'fixture', `${since}Z`, `${until}Z`);
    expect(await page.locator('.control-samples').innerText()).toBe(count(terminal.control.samples));
    for (const candidate of terminal.candidates) {
      const card = page.locator(`candidate-card[data-candidate="${candidate.id}"]`);
      expect(await card.locator('.rate').innerText()).toBe(percent(candidate.matchRate, 2));
      expect(await card.locator('dl').innerText()).toMatch(new RegExp(`samples\\s+${candidate.samples}\\b`));
      const latency = await card
        .locator('tr', { hasText: 'candidate latency' })
        .locator('td')
        .allInnerTexts();
      expect(latency.slice(1)).toEqual([
        milliseconds(candidate.latencyMs.p50),
        milliseconds(candidate.latencyMs.p95),
        milliseconds(candidate.latencyMs.p99),
      ]);
      expect(candidate.costPerMillionUsd).toBeGreaterThan(0.2);
      expect(await page.locator(`cost-panel tr[data-variant="${candidate.id}"] .cost`).innerText()).toBe(
        dollars(candidate.costPerMillionUsd),
      );
    }
    // A distribution for every variant, and the mismatches in one group: the body's whole document.
    expect(
      await page.locator('distribution-chart[kind="warm"] uplot-chart').getAttribute('data-variants'),
    ).toBe('3');
    expect(await page.locator('distribution-chart[kind="warm"] .u-legend .u-series').count()).toBe(4);
    const groups = page.locator('mismatch-groups article');
    expect(await groups.count()).toBe(1);
    expect(await groups.first().getAttribute('data-candidate')).toBe('differs');
    expect(await groups.first().locator('.count').innerText()).toMatch(/^6 mismatches · 46\.2 % of samples$/);
    expect(await page.locator('.updated').count()).toBe(1);

    // A failed refresh keeps the page, with a notice.
    await page.route('**/_scientist/api/**', (route) => route.abort());
    await expect.poll(() => page.locator('.notice').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.locator('candidate-card').count()).toBe(2);
    await page.unroute('**/_scientist/api/**');

    if (process.env.DASHBOARD_SCREENSHOT)
      await page.screenshot({ path: process.env.DASHBOARD_SCREENSHOT, fullPage: true });
  }, 45_000);

  test('shows hostile strings in a mismatch as text, never as markup', async () => {
    // The control echoes `n` into its body; the candidate that differs answers it as a number
    // (null here), so the string lands in the diff, the stored bodies and the replay's URL.
    const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    const before =
      (await fetchSummary(scientistUrl)).candidates.find((c) => c.id === 'differs')?.samples ?? 0;
    const response = await fetch(`${scientistUrl}/fixture?n=${encodeURIComponent(hostile)}`, {
      signal: AbortSignal.timeout(10_000),
    });
    expect(await response.json()).toMatchObject({ n: hostile });
    await expect
      .poll(
        async () => (await fetchSummary(scientistUrl)).candidates.find((c) => c.id === 'differs')?.samples,
        { timeout: 15_000, interval: 250 },
      )
      .toBe(before + 1);

    await page.goto(`${scientistUrl}/_scientist/#experiment=fixture&minutes=15`);
    const newest = page.locator('mismatch-list article').first();
    await expect
      .poll(() => newest.locator('.diff').innerText(), { timeout: 20_000 })
      .toContain('<img src=x onerror=');
    expect(await newest.locator('.diff').innerText()).toContain('<script>window.__pwned=2</script>');
    // The group's newest example is the same request, shown the same way.
    expect(await page.locator('mismatch-groups article .diff').first().innerText()).toContain(
      '<img src=x onerror=',
    );
    // Nothing became an element, and nothing ran: an <img> that failed to load would have set it.
    for (const view of ['mismatch-list', 'mismatch-groups'])
      expect(await page.locator(`${view} img, ${view} script`).count()).toBe(0);
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
  }, 45_000);

  test('shows a rollout: its plan and step, each gate with its figures, and the history', async () => {
    // The same experiment with a plan for the candidate that agrees. A step of an hour stays put
    // while the page is read: the gates pass, the step's time is not up.
    const plan =
      '    rollout: { candidate: agrees, steps: [50, 100], every: 1h, gates: { minSamples: 5, matchRate: 50 }, onFailure: pause, keepOldControl: 10m }\n';
    await uploadExperiments(
      cloud,
      root,
      `${experimentsYaml().replace('    noise: 100\n', '    noise: 100\n    key: header:x-user-id\n')}${plan}`,
    );
    expect((await scientistCli(cloud, 'rollout', 'fixture', 'start')).split('\n')[0]).toBe(
      'fixture: rollout of agrees, running, step 1 of 2, serving 50%',
    );
    for (let n = 0; n < 12; n++) {
      const response = await fetch(`${scientistUrl}/fixture?n=${n}`, {
        headers: { 'x-user-id': `user-${n}` },
        signal: AbortSignal.timeout(10_000),
      });
      expect(response.status).toBe(200);
    }
    const terminal = async () =>
      JSON.parse(await scientistCli(cloud, 'rollout', 'fixture', 'status', '--json')) as {
        gates: { name: string; status: string; value: number | null; bound: number; detail: string }[];
      };
    await expect
      .poll(async () => (await terminal()).gates.map((gate) => gate.status), {
        timeout: 20_000,
        interval: 250,
      })
      .toEqual(['pass', 'pass']);

    await page.goto(`${scientistUrl}/_scientist/#experiment=fixture&minutes=60`);
    const panel = page.locator('rollout-panel');
    await panel.waitFor({ timeout: 20_000 });
    expect(await panel.locator('[data-rollout-state]').innerText()).toBe('Running');
    expect(await panel.locator('.headline').innerText()).toMatch(
      /^Running\s+rollout of agrees: step 1 of 2, serving 50 %\s+every 1h · on failure pause · old control shadows 10m after promotion$/,
    );
    expect(
      await panel
        .locator('ol.steps li')
        .evaluateAll((items) => items.map((item) => `${item.className} ${item.textContent}`)),
    ).toEqual(['current 50 %', 'next 100 %']);
    // The page's gates are the terminal's, figure for figure, once traffic has stopped.
    await expect
      .poll(
        async () => {
          const rows = await panel
            .locator('tr[data-gate]')
            .evaluateAll((rows) =>
              rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent?.trim())),
            );
          const { gates } = await terminal();
          return (
            JSON.stringify(rows) ===
            JSON.stringify(
              gates.map((gate) => [
                gate.name,
                gate.status,
                String(gate.value),
                String(gate.bound),
                gate.detail,
              ]),
            )
          );
        },
        { timeout: 15_000, interval: 500 },
      )
      .toBe(true);
    expect(await panel.locator('tr[data-gate="matchRate"] td').nth(4).innerText()).toMatch(
      /^match rate 100\.0% \[\d+\.\d–100\.0%\] reaches 50%$/,
    );
    expect(await panel.locator('tr[data-history-state]').allInnerTexts()).toEqual([
      expect.stringMatching(
        /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+0 % → 50 %\s+Running\s+started: step 1 serves 50%$/,
      ),
    ]);

    // The start is marked on the time series beside the upload that brought the plan.
    const traffic = page.locator('time-series-chart[kind="traffic"]');
    expect(await traffic.locator('.u-over [data-marker="rollout"]').allInnerTexts()).toEqual(['0% → 50%']);
    expect(await traffic.locator('.u-over [data-marker="rollout"]').getAttribute('title')).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC: started: step 1 serves 50%$/,
    );
    expect(
      (await traffic.locator('.u-over [data-marker="version"]').allInnerTexts()).length,
    ).toBeGreaterThanOrEqual(2);

    if (process.env.DASHBOARD_ROLLOUT_SCREENSHOT)
      await page
        .locator('section[aria-label="rollout"]')
        .screenshot({ path: process.env.DASHBOARD_ROLLOUT_SCREENSHOT });

    // Aborted by hand: the page shows it on its next refresh, newest first in the history.
    await scientistCli(cloud, 'rollout', 'fixture', 'abort');
    await expect
      .poll(() => panel.locator('[data-rollout-state]').innerText(), { timeout: 15_000 })
      .toBe('Aborted');
    expect(await panel.locator('ol.steps li').first().getAttribute('class')).toBe('current aborted');
    expect(
      await panel
        .locator('tr[data-history-state]')
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-history-state'))),
    ).toEqual(['aborted', 'running']);
    expect(await panel.locator('tr[data-history-state="aborted"] td').nth(3).innerText()).toBe(
      'aborted by hand: the control serves everyone',
    );
    // …and on the time series: a marker per transition, the reason in the chart's data table.
    await expect
      .poll(() => traffic.locator('.u-over [data-marker="rollout"]').allInnerTexts(), { timeout: 15_000 })
      .toEqual(['0% → 50%', 'aborted']);
    expect(
      await traffic
        .locator('table.markers tr[data-marker="rollout"]')
        .evaluateAll((rows) =>
          rows.map((row) => [...row.querySelectorAll('td')].slice(1).map((cell) => cell.textContent)),
        ),
    ).toEqual([
      ['0% → 50%', 'started: step 1 serves 50%'],
      ['aborted', 'aborted by hand: the control serves everyone'],
    ]);
    // The release record has the same history, read from the store by `scientist report`.
    const report = await scientistCli(cloud, 'report', 'fixture');
    const section = report
      .slice(report.indexOf('## Rollout'), report.indexOf('## Mismatches by place'))
      .replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/g, '<time>');
    expect(section).toBe(
      [
        '## Rollout',
        '',
        'Rollout of `agrees` over 50 % → 100 %: aborted, serving 0 %.',
        '',
        '| at (UTC) | served | state | reason |',
        '| --- | --- | --- | --- |',
        '| <time> | 0 % → 50 % | running | started: step 1 serves 50% |',
        '| <time> | 50 % → 0 % | aborted | aborted by hand: the control serves everyone |',
        '',
        '',
      ].join('\n'),
    );
  }, 60_000);
});

/** `scientist …` against the local cloud's DynamoDB, as a person runs it; its stdout. */
async function scientistCli(cloud: LocalCloud, ...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [cli, ...args, '--endpoint', cloud.endpoints.dynamodb],
    { timeout: 20_000, env: { ...process.env, FORCE_COLOR: '0' } },
  );
  return stdout;
}

/** Uploads the way a person does: `scientist experiments upload`, against the local cloud's DynamoDB. */
async function uploadExperiments(cloud: LocalCloud, root: string, yaml: string): Promise<void> {
  const file = path.join(root, 'experiments.yaml');
  writeFileSync(file, yaml);
  await promisify(execFile)(
    process.execPath,
    [cli, 'experiments', 'upload', file, '--endpoint', cloud.endpoints.dynamodb],
    { timeout: 20_000, env: { ...process.env, FORCE_COLOR: '0' } },
  );
}

async function waitForRoute(url: string): Promise<void> {
  await expect
    .poll(async () => (await fetch(url, { signal: AbortSignal.timeout(10_000) })).status, {
      timeout: 15_000,
      interval: 200,
    })
    .toBe(200);
}

interface SummaryCounts {
  candidates: { id: string; samples: number }[];
}

async function fetchSummary(scientistUrl: string): Promise<SummaryCounts> {
  const response = await fetch(`${scientistUrl}/_scientist/api/experiments/fixture`);
  if (!response.ok) return { candidates: [] };
  return (await response.json()) as SummaryCounts;
}

interface TerminalSummary {
  control: { samples: number };
  candidates: {
    id: string;
    samples: number;
    matchRate: number | null;
    latencyMs: { p50: number | null; p95: number | null; p99: number | null };
    costPerMillionUsd: number | null;
  }[];
}

/** What `scientist results --json` says for the window, read from the store as a person would. */
async function resultsJson(
  cloud: LocalCloud,
  experiment: string,
  since: string,
  until: string,
): Promise<TerminalSummary> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      cli,
      'results',
      experiment,
      '--json',
      '--since',
      since,
      '--until',
      until,
      '--endpoint',
      cloud.endpoints.dynamodb,
    ],
    { timeout: 20_000, env: { ...process.env, FORCE_COLOR: '0' } },
  );
  return (JSON.parse(stdout) as { experiments: TerminalSummary[] }).experiments[0]!;
}
