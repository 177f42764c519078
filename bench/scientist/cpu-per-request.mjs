#!/usr/bin/env node
// Where the CPU goes per shadowed request, on the local cloud: the same load (clients sending
// sequential requests for a while) directly to the control, then through the scientist with three
// candidates at 100 %, every result recorded. CPU time is read from /proc for every process of
// the local cloud: this one (API Gateway, the Lambda service and its Runtime APIs, DynamoDB on
// a worker thread) and each function environment, grouped by function; the clients run in a child
// process of their own so that their CPU is not counted.
// Usage: node bench/scientist/cpu-per-request.mjs [--seconds 10] [--warmup 5] [--concurrency 4] [--experiment three] [--no-build]
// --experiment: another of the bench's experiments (none: nothing sampled; five: five candidates);
// the issue's goals are about three. --hand-off awaited: the proxy redeployed with
// SCIENTIST_HAND_OFF=awaited (no extension; each hand-off awaited before the answer), to compare.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { deployHandOff, recordedPerCandidate, sleep, untilRecorded, withBenchKit } from './bench-kit.mjs';
import { builtPackages } from './built-packages.mjs';
import { startClients } from './client-process.mjs';

/**
 * The issue's starting point (docs/performance.md, 14:38 UTC on 2026-12-01, before results were
 * written in batches): the goals are a third of this CPU and three times this rate.
 */
const BEFORE = { cpuMs: 33.981, requestsPerSecond: 56 };

const { values: options } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '4' },
    experiment: { type: 'string', default: 'three' },
    'hand-off': { type: 'string', default: 'held' },
    'no-build': { type: 'boolean', default: false },
  },
});
const log = (line) => process.stderr.write(`${line}\n`);
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const { localCloud, scientist } = await builtPackages({ build: !options['no-build'], log });
const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/**
 * CPU milliseconds a process has used, all (user + system) and in the kernel (system), or undefined
 * once it is gone.
 */
function processCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const toMs = (ticks) => (Number(ticks) * 1000) / ticksPerSecond;
    return { all: toMs(fields[11]) + toMs(fields[12]), kernel: toMs(fields[12]) };
  } catch {
    return undefined;
  }
}

/** The functions of each part of the kit, the experiment's candidates among them. */
const partsOf = (experiment) => ({
  proxy: ['scientist-dev-proxy'],
  runner: ['scientist-dev-runner'],
  control: ['control-bench'],
  candidates: experiment.candidates.map((candidate) => candidate.functionName),
});

/** CPU per environment process, by part of the kit; the local cloud's own process apart. */
function sample(cloud, functions) {
  const parts = {};
  for (const [part, names] of Object.entries(functions)) {
    parts[part] = new Map();
    for (const name of names) {
      for (const { pid } of cloud.lambda.environments(name)) {
        const cpu = pid === undefined ? undefined : processCpuMs(pid);
        if (cpu !== undefined) parts[part].set(pid, cpu);
      }
    }
  }
  const own = process.cpuUsage();
  return { parts, cloud: { all: (own.user + own.system) / 1000, kernel: own.system / 1000 } };
}

/**
 * CPU used between two samples, per part, all and in the kernel; an environment started in between
 * counts from zero.
 */
function used(before, after) {
  const result = {
    'local cloud process': {
      all: after.cloud.all - before.cloud.all,
      kernel: after.cloud.kernel - before.cloud.kernel,
    },
  };
  for (const [part, pids] of Object.entries(after.parts)) {
    const total = { all: 0, kernel: 0 };
    for (const [pid, cpu] of pids) {
      const earlier = before.parts[part].get(pid) ?? { all: 0, kernel: 0 };
      total.all += cpu.all - earlier.all;
      total.kernel += cpu.kernel - earlier.kernel;
    }
    result[part] = total;
  }
  return result;
}

await withBenchKit(
  { localCloud, scientist, name: 'cpu' },
  async ({ cloud, store, experiments, directUrl: direct, scientistUrl }) => {
    // The clients run in a process of their own, so that their CPU is not counted.
    const client = startClients();
    /** Sequential requests from `concurrency` clients for `seconds`: how many answered 200. */
    const load = async (url, seconds, concurrency) =>
      (await client.sustained(url, Number(seconds), Number(concurrency))).sent;
    try {
      const experiment = experiments.find((e) => e.id === options.experiment);
      if (!experiment)
        throw new Error(
          `--experiment ${options.experiment}: the bench has ${experiments.map((e) => e.id).join(', ')}`,
        );
      const functions = partsOf(experiment);
      const measure = () => sample(cloud, functions);
      const sampled = experiment.candidates.filter((candidate) => candidate.samplePercent > 0).length;
      const three = `${scientistUrl}/${experiment.path}`;
      if (options['hand-off'] !== 'held') await deployHandOff(cloud, options['hand-off']);
      log('warming up…');
      await load(direct, 3, options.concurrency);
      // Environments started during the warm-up count no more: a longer one measures steadier state.
      await load(three, options.warmup, options.concurrency);
      await sleep(3000);

      const query = new scientist.ResultsQuery(store);

      log(`direct: ${options.concurrency} clients for ${options.seconds} s…`);
      let before = measure();
      const directRequests = await load(direct, options.seconds, options.concurrency);
      const directCpu = used(before, measure());

      const recordedBefore = Math.min(...(await recordedPerCandidate(query, experiment)));
      const described =
        sampled === 0 ? 'nothing sampled' : `${sampled} candidate${sampled === 1 ? '' : 's'} at 100 %`;
      log(`through the scientist, ${described}: ${options.concurrency} clients for ${options.seconds} s…`);
      before = measure();
      const started = performance.now();
      const shadowed = await load(three, options.seconds, options.concurrency);
      const clientSeconds = (performance.now() - started) / 1000;
      // With nothing sampled there is nothing to record: the wait ends at once.
      const target = recordedBefore + (sampled > 0 ? shadowed : 0);
      const recorded = Math.min(...(await untilRecorded(query, experiment, target))) - recordedBefore;
      const drainedSeconds = (performance.now() - started) / 1000;
      const after = measure();
      const shadowCpu = used(before, after);
      const environments = Object.entries(after.parts).map(([part, pids]) => {
        const started = [...pids.keys()].filter((pid) => !before.parts[part].has(pid)).length;
        return `${part} ${pids.size}${started ? ` (${started} started during the load)` : ''}`;
      });

      const perRequest = (cpu, n) => (n > 0 ? cpu / n : Number.NaN);
      const percent = (part, whole) => `${whole > 0 ? ((100 * part) / whole).toFixed(0) : '–'} %`;
      const rows = Object.keys(shadowCpu).map((part) => {
        const shadow = perRequest(shadowCpu[part].all, shadowed);
        const plain = perRequest(directCpu[part]?.all ?? 0, directRequests);
        const kernel = perRequest(shadowCpu[part].kernel, shadowed);
        return `| ${part} | ${plain.toFixed(3)} | ${shadow.toFixed(3)} | ${kernel.toFixed(3)} (${percent(kernel, shadow)}) |`;
      });
      const total = (cpu, n, field = 'all') =>
        perRequest(
          Object.values(cpu).reduce((sum, figures) => sum + figures[field], 0),
          n,
        );
      const shadowKernel = total(shadowCpu, shadowed, 'kernel');
      const shadowTotal = total(shadowCpu, shadowed);
      const rate = shadowed / clientSeconds;
      const missing = sampled > 0 ? Math.max(0, shadowed - recorded) : 0;
      // The runner may still be catching up when the clients stop: the rate that lasts is recorded ÷ that time.
      const sustained = recorded / drainedSeconds;
      const lines = [
        `Before (docs/performance.md): ${BEFORE.cpuMs} ms of CPU per shadowed request, ${BEFORE.requestsPerSecond} requests/s.`,
        '',
        `## CPU per request (bench/scientist/cpu-per-request.mjs), ${new Date().toISOString().slice(0, 16)} UTC, ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)}`,
        '',
        `${options.concurrency} clients for ${options.seconds} s each, the hand-off ${options['hand-off']}; CPU ms per request (from /proc, the clients' own process not counted).`,
        '',
        `| part | direct to the control | through the scientist, ${described} | of which in the kernel |`,
        '| --- | --- | --- | --- |',
        ...rows,
        `| **all** | **${total(directCpu, directRequests).toFixed(3)}** | **${shadowTotal.toFixed(3)}** | **${shadowKernel.toFixed(3)} (${percent(shadowKernel, shadowTotal)})** |`,
        '',
        `- direct: ${directRequests} requests (${(directRequests / Number(options.seconds)).toFixed(0)}/s)`,
        `- through the scientist: ${shadowed} requests (${(shadowed / clientSeconds).toFixed(0)}/s)${sampled > 0 ? `, ${recorded} recorded per candidate ${drainedSeconds.toFixed(1)} s after the load began; missing: ${missing}` : ''}`,
        `- environments at the end: ${environments.join(', ')}`,
        `- CPU per shadowed request beyond the direct path: ${(shadowTotal - total(directCpu, directRequests)).toFixed(3)} ms; at 2 cores that caps the rate near ${(2000 / shadowTotal).toFixed(0)} requests/s`,
        ...(options.experiment === 'three' ? goals({ shadowTotal, sustained, rate, missing }) : []),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    } finally {
      client.close();
    }
  },
);

/** The no-impact issue's CPU and throughput goals, which are about three candidates at 100 %. */
function goals({ shadowTotal, sustained, rate, missing }) {
  const verdict = (ok) => (ok ? 'PASS' : 'MISS');
  return [
    '',
    'Goals (issue 14):',
    `- CPU per shadowed request ≤ a third of before (${(BEFORE.cpuMs / 3).toFixed(1)} ms): ${shadowTotal.toFixed(1)} ms, ${(shadowTotal / BEFORE.cpuMs).toFixed(2)}× before: ${verdict(shadowTotal <= BEFORE.cpuMs / 3)}`,
    `- requests/s ≥ 3× before (${3 * BEFORE.requestsPerSecond}), counted until every result was recorded: ${sustained.toFixed(0)} (the clients got ${rate.toFixed(0)}/s; the CPU allows ${(2000 / shadowTotal).toFixed(0)}): ${verdict(sustained >= 3 * BEFORE.requestsPerSecond)}`,
    `- every result recorded: ${missing} missing: ${verdict(missing === 0)}`,
  ];
}
