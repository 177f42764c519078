// What the scientist's benchmarks share: a local cloud of their own with the bench fixtures and the
// scientist deployed and the fixture experiments published, and the client-side measurements.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root } from './built-packages.mjs';

export const sleep = (millis) => new Promise((resolve) => setTimeout(resolve, millis));
export const ms = (value) => `${value.toFixed(2)} ms`;
export const ratio = (a, b) => `${(a / b).toFixed(3)}×`;

const percentile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))];

export function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { n: sorted.length, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
}

/** Results recorded per candidate of an experiment over the last hour, in the experiment's order. */
export async function recordedPerCandidate(query, experiment) {
  return (await query.summary(experiment, 60)).candidates.map((candidate) => candidate.samples);
}

/**
 * Polls until every candidate has at least `count` results recorded, or `timeoutMs` has passed:
 * the counts per candidate then.
 */
export async function untilRecorded(query, experiment, count, timeoutMs = 120_000) {
  const deadline = performance.now() + timeoutMs;
  let recorded = await recordedPerCandidate(query, experiment);
  while (Math.min(...recorded) < count && performance.now() < deadline) {
    await sleep(250);
    recorded = await recordedPerCandidate(query, experiment);
  }
  return recorded;
}

const HAND_OFFS = ['held', 'awaited'];

/**
 * Redeploys the scientist's proxy with its hand-off `held` after the answer (by its internal
 * extension, as deployed) or `awaited` before it (SCIENTIST_HAND_OFF=awaited); anything else is an
 * error naming the two.
 */
export async function deployHandOff(cloud, mode) {
  if (!HAND_OFFS.includes(mode)) throw new Error(`--hand-off must be ${HAND_OFFS.join(' or ')}, not ${mode}`);
  const proxy = cloud.lambda.functions().find((fn) => fn.name === 'scientist-dev-proxy');
  const { SCIENTIST_HAND_OFF: _deployed, ...environment } = proxy.environment;
  await cloud.lambda.deploy({
    ...proxy,
    environment: mode === 'awaited' ? { ...environment, SCIENTIST_HAND_OFF: 'awaited' } : environment,
  });
}

/**
 * Runs `work` against a fresh local cloud (state in a temporary directory, removed after) with the
 * bench fixtures and the scientist deployed and `fixtures/experiments.yaml` published.
 * `idleTimeoutMs` keeps environments alive longer than the local cloud's default.
 */
export async function withBenchKit({ localCloud, scientist, name, idleTimeoutMs }, work) {
  const stateRoot = mkdtempSync(path.join(os.tmpdir(), `scientist-${name}-`));
  const cloud = await localCloud.startLocalCloud({
    root: stateRoot,
    port: 0,
    stateDir: path.join(stateRoot, '.scientist'),
    persist: false,
    ...(idleTimeoutMs === undefined ? {} : { idleTimeoutMs }),
  });
  const store = scientist.openStore({ endpoint: cloud.endpoints.dynamodb, tableName: 'scientist-dev' });
  try {
    await cloud.deploy(path.join(import.meta.dirname, 'fixtures'));
    await cloud.deploy(path.join(root, 'packages/scientist'));
    const source = readFileSync(path.join(import.meta.dirname, 'fixtures/experiments.yaml'), 'utf8');
    const checked = scientist.checkExperiments(source);
    if (!checked.ok) throw new Error(checked.problems.join('\n'));
    await store.publishDefinition(source, 'upload');
    const gateway = cloud.endpoints.gateway;
    return await work({
      cloud,
      store,
      experiments: checked.experiments,
      directUrl: `${gateway}/bench-scientist/dev/bench`,
      scientistUrl: `${gateway}/scientist/dev`,
    });
  } catch (error) {
    // The functions' logs go with the temporary directory: what the scientist said about it first.
    for (const name of ['scientist-dev-proxy', 'scientist-dev-runner']) {
      const logPath = cloud.lambda.logPath(name);
      // A bench that failed before the function ran has no log of it: the error itself is what to show.
      if (!existsSync(logPath)) continue;
      const said = readFileSync(logPath, 'utf8')
        .split('\n')
        .filter((line) => /\t(ERROR|WARN)\t|"level":"(ERROR|WARN)"/.test(line));
      if (said.length > 0) process.stderr.write(`${name} logged:\n${said.slice(-10).join('\n')}\n`);
    }
    throw error;
  } finally {
    store.destroy();
    await cloud.stop();
    rmSync(stateRoot, { recursive: true, force: true });
  }
}
