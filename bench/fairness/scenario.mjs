// The fairness scenario: the kit's round and pbkdf2 experiments on a real local cloud, every
// candidate at 100 %, an A/A candidate (the round control's own code under another name) beside
// the round candidates, under the kit's traffic profile. Shared by the fairness test and bench.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';

export const root = path.resolve(import.meta.dirname, '../..');
const dist = (pkg) => path.join(root, pkg, 'dist/index.js');

/** The A/A candidate's id and function: the round control's code, deployed again. */
export const COPY_ID = 'candidate-copy';
const COPY_FUNCTION = 'candidate-round-node-copy';
/** Lambda's CPU share relative to 128 MB: memory ÷ 128 buys that much more CPU, so time shrinks by it. */
export const CPU_SHARE = { 512: 128 / 512, 1024: 128 / 1024, 1769: 128 / 1769 };

/** Deploys the scenario into a fresh local cloud; `run` sends traffic and returns the results. */
export async function startScenario({ log = () => undefined } = {}) {
  const { startLocalCloud } = await import(dist('packages/local-cloud'));
  const { openStore, ResultsQuery, checkExperiments } = await import(dist('packages/scientist'));
  const { runTraffic } = await import(dist('tools/traffic'));

  const stateRoot = mkdtempSync(path.join(os.tmpdir(), 'scientist-fairness-'));
  const copyDir = path.join(stateRoot, 'round-copy');
  cpSync(path.join(root, 'functions/round/control-node'), copyDir, { recursive: true });
  const copyYml = path.join(copyDir, 'serverless.yml');
  writeFileSync(copyYml, readFileSync(copyYml, 'utf8').replaceAll('control-round', COPY_FUNCTION));

  const cloud = await startLocalCloud({
    root: stateRoot,
    port: 0,
    stateDir: path.join(stateRoot, '.scientist'),
    persist: false,
  });
  const store = openStore({ endpoint: cloud.endpoints.dynamodb, tableName: 'scientist-dev' });
  const stop = async () => {
    store.destroy();
    await cloud.stop();
    rmSync(stateRoot, { recursive: true, force: true });
  };
  try {
    const services = ['round', 'pbkdf2'].flatMap((fn) =>
      readdirSync(path.join(root, 'functions', fn), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => path.join(root, 'functions', fn, entry.name)),
    );
    for (const dir of [...services, copyDir, path.join(root, 'packages/scientist')]) {
      log(`deploying ${path.relative(root, dir) || dir}…`);
      await cloud.deploy(dir);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const kit = parse(readFileSync(path.join(root, 'packages/scientist/experiments.yaml'), 'utf8'));
  const scientist = `${cloud.endpoints.gateway}/scientist/dev`;
  const query = new ResultsQuery(store);
  let runs = 0;

  /**
   * One run: experiments published under ids of their own (so each run's results stand alone),
   * traffic for `seconds` at `rate`, then the summaries once every shadowed request is recorded.
   */
  async function run({ rate, seconds, seed = 1, noise = 0 }) {
    runs++;
    const round = structuredClone(kit.experiments['rounding-float']);
    round.candidates[COPY_ID] = {
      name: 'Round Node (A/A copy)',
      arn: `arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:${COPY_FUNCTION}`,
    };
    // The noise check: the control again, in the runner, beside the candidates.
    if (noise > 0) round.noise = noise;
    const pbkdf2 = structuredClone(kit.experiments.pbkdf2);
    const ids = { round: `round-run${runs}`, pbkdf2: `pbkdf2-run${runs}` };
    const source = stringify({ experiments: { [ids.round]: round, [ids.pbkdf2]: pbkdf2 } });
    const checked = checkExperiments(source);
    if (!checked.ok) throw new Error(checked.problems.join('\n'));
    await store.publishDefinition(source, 'upload');
    // The proxy reads new definitions within a few seconds: wait until both ids answer as shadowed.
    await waitForDefinitions(query, checked.experiments, scientist);
    const targets = [
      { name: 'round', url: `${scientist}/${round.path}`, function: 'round' },
      { name: 'pbkdf2', url: `${scientist}/${pbkdf2.path}`, function: 'pbkdf2' },
    ];
    const load = [];
    const sampler = setInterval(() => load.push(os.loadavg()[0]), 1000);
    log(`run ${runs}: ${rate} requests/s for ${seconds} s…`);
    const traffic = await runTraffic({ targets, ratePerSecond: rate, durationSeconds: seconds, seed });
    clearInterval(sampler);
    const summaries = await drained(query, checked.experiments);
    const cpu = {};
    for (const [name, id] of Object.entries(ids)) cpu[name] = await cpuMedians(store, id);
    return {
      cpu,
      rate,
      seconds,
      sent: traffic.requests,
      loadAverage: load.length ? load.reduce((a, b) => a + b, 0) / load.length : os.loadavg()[0],
      round: summaries.find((summary) => summary.id === ids.round),
      pbkdf2: summaries.find((summary) => summary.id === ids.pbkdf2),
    };
  }

  return { cloud, store, scientist, run, stop };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForDefinitions(query, experiments, scientist) {
  for (let attempt = 0; attempt < 60; attempt++) {
    for (const experiment of experiments)
      await fetch(`${scientist}/${experiment.path}?number=1.5`).then((r) => r.arrayBuffer());
    const summaries = await Promise.all(experiments.map((experiment) => query.summary(experiment, 5)));
    if (summaries.every((summary) => summary.control.samples > 0)) return;
    await sleep(500);
  }
  throw new Error('the proxy did not pick up the published experiments');
}

/** Waits until every control sample has all its candidates recorded (or nothing moves for 20 s). */
async function drained(query, experiments) {
  let last = '';
  let still = 0;
  for (;;) {
    const summaries = await Promise.all(experiments.map((experiment) => query.summary(experiment, 30)));
    const done = summaries.every((summary) =>
      summary.candidates.every(
        (candidate) => candidate.samples + candidate.dropped >= summary.control.samples,
      ),
    );
    if (done) return summaries;
    const fingerprint = JSON.stringify(summaries.map((s) => s.candidates.map((c) => c.samples)));
    still = fingerprint === last ? still + 1 : 0;
    last = fingerprint;
    if (still >= 40) return summaries;
    await sleep(500);
  }
}

const median = (values) => {
  const sorted = values.filter((v) => v !== undefined).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : undefined;
};

/**
 * Per variant, the medians of wall time (Duration) and the REPORT line's CPU figures over the
 * run's last 500 requests: how much of a duration was CPU, quota and waiting.
 */
async function cpuMedians(store, experiment) {
  const items = await store.recentResults('request', experiment, 500);
  const byVariant = new Map();
  for (const item of items) {
    for (const observation of [item.control, ...item.candidates.map((run) => run.observation)]) {
      const id = observation === item.control ? 'control' : observation.variantId;
      if (!byVariant.has(id)) byVariant.set(id, []);
      byVariant.get(id).push(observation.durations);
    }
  }
  return Object.fromEntries(
    [...byVariant].map(([id, durations]) => [
      id,
      Object.fromEntries(
        ['functionMs', 'cpuMs', 'throttledMs', 'cpuWaitMs'].map((f) => [
          f,
          median(durations.map((d) => d[f])),
        ]),
      ),
    ]),
  );
}

/** The pbkdf2 candidate at a memory size, whatever the kit calls it (`memory-512`, `node-512`). */
export function memoryCandidate(summary, mb) {
  return summary?.candidates.find((candidate) => candidate.id.endsWith(`-${mb}`));
}

/** Median ratios of the scenario's figures of interest, from one run's summaries. */
export function ratiosOf(result) {
  const verdictOf = (summary, id) => summary?.candidates.find((candidate) => candidate.id === id)?.verdict;
  const round = Object.fromEntries(
    (result.round?.candidates ?? []).map((candidate) => [candidate.id, candidate.verdict]),
  );
  const memory = {};
  for (const mb of Object.keys(CPU_SHARE)) {
    const candidate = memoryCandidate(result.pbkdf2, mb);
    if (candidate) memory[mb] = candidate.verdict;
  }
  return {
    aa: verdictOf(result.round, COPY_ID),
    go: verdictOf(result.round, 'candidate-go'),
    noise: result.round?.noise?.verdict,
    round,
    memory,
  };
}
