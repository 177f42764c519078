#!/usr/bin/env node
// The local cloud's latency next to serverless-offline's, measured side by side in one run:
//   node bench/local-cloud/run.mjs [--json] [--requests N] [--warmup N] [--cold-runs N]
//        [--rounds N] [--runtimes node,python,ruby,go,java] [--no-offline]
// Progress goes to stderr; a Markdown table (or JSON with --json) to stdout.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { startGatewayAlone } from './gateway-alone.mjs';
import { keepAliveClient, summary, warmSamples } from './latency.mjs';
import { runtimes, startLocalCloudBench } from './local-cloud-side.mjs';
import { startLoopbackPeer } from './loopback-floor.mjs';
import { serverlessOfflineVersion, serverlessVersion } from './offline-install.mjs';
import { goalLines, judge, markdownTables } from './report.mjs';
import { offlineNodeModes, startServerlessOffline } from './serverless-offline.mjs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const usage =
  'usage: node bench/local-cloud/run.mjs [--json] [--requests N] [--warmup N] [--cold-runs N] [--rounds N] [--runtimes node,python,ruby,go,java] [--no-offline]';
const offlineRuntimes = ['node', 'python'];

const options = readOptions();
const log = (line) => process.stderr.write(`${line}\n`);
const started = new Date();
const loadBefore = os.loadavg();
const stoppers = [];
try {
  const results = await measure();
  const report = {
    date: started.toISOString(),
    command: `node bench/local-cloud/run.mjs ${process.argv.slice(2).join(' ')}`.trim(),
    machine: machine(loadBefore),
    settings: {
      requests: options.requests,
      warmup: options.warmup,
      coldRuns: options.coldRuns,
      rounds: options.rounds,
      serverlessOffline: options.offline
        ? {
            serverless: serverlessVersion,
            serverlessOffline: serverlessOfflineVersion,
            nodeModes: offlineNodeModes,
          }
        : null,
    },
    cpuQuota: results.cpuQuota,
    runtimes: results.runtimes,
  };
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${text(report)}\n`);
} catch (error) {
  log(`bench/local-cloud failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  for (const stop of stoppers.reverse())
    await stop().catch((error) => log(`cleanup failed: ${error.message}`));
}

async function measure() {
  /** @type {Record<string, Record<string, { http: ReturnType<typeof keepAliveClient>, firstRequestMs: number }>>} */
  const offlineTargets = {};
  const measuredOffline = options.offline
    ? offlineRuntimes.filter((name) => options.runtimes.includes(name))
    : [];
  // Node is measured in both of serverless-offline's modes; Python has only the one.
  /** @type {['default' | 'inProcess', string[]][]} */
  const modes = [
    ['default', measuredOffline],
    ['inProcess', measuredOffline.filter((runtime) => runtime === 'node')],
  ];
  for (const [mode, modeRuntimes] of modes) {
    if (modeRuntimes.length === 0) continue;
    const offline = await startServerlessOffline({ log, mode });
    stoppers.push(offline.stop);
    for (const runtime of modeRuntimes) {
      const http = keepAliveClient(offline.urls[runtime]);
      stoppers.push(async () => http.close());
      // serverless-offline starts a function on its first request: that request is its cold start.
      const first = await http.get();
      if (first.status !== 200 || first.body !== 'ok') {
        throw new Error(
          `serverless-offline (${mode}) answered ${first.status} ${first.body} at ${offline.urls[runtime]}`,
        );
      }
      offlineTargets[runtime] ??= {};
      offlineTargets[runtime][mode] = { http, firstRequestMs: first.ms };
      log(`serverless-offline ${runtime} (${mode}): first request ${first.ms.toFixed(1)} ms`);
    }
  }

  const ours = await startLocalCloudBench({ log });
  stoppers.push(ours.stop);
  const peer = await startLoopbackPeer();
  stoppers.push(peer.stop);
  const peerHttp = keepAliveClient(peer.url);
  stoppers.push(async () => peerHttp.close());
  const alone = await startGatewayAlone();
  stoppers.push(alone.stop);
  const aloneHttp = keepAliveClient(alone.gatewayUrl);
  const bareHttp = keepAliveClient(alone.bareUrl);
  stoppers.push(async () => {
    aloneHttp.close();
    bareHttp.close();
  });
  const figures = {};
  for (const runtime of options.runtimes) {
    const fn = await ours.prepare(runtime);
    log(`${runtime}: ${options.coldRuns} cold start(s) through the Invoke API and the API Gateway`);
    const colds = [];
    const coldLoad = [];
    for (let i = 0; i < options.coldRuns; i++) {
      colds.push({ ...(await fn.coldInvoke()), gatewayMs: await fn.coldGet() });
      coldLoad.push(os.loadavg()[0]);
    }
    // The targets take turns, round after round, so a burst of load elsewhere on the machine
    // lands on all of them alike instead of skewing one side's figures.
    const turn = (label, call) => ({ label, call, samples: /** @type {number[]} */ ([]) });
    const gateway = turn(`GET ${fn.url}`, fn.get);
    const invokeApi = turn(`Invoke ${fn.name}`, fn.invoke);
    const inProcess = turn(`in-process invoke of ${fn.name}`, fn.invokeInProcess);
    const offline = Object.entries(offlineTargets[runtime] ?? {}).map(([mode, target]) => ({
      mode,
      firstRequestMs: target.firstRequestMs,
      ...turn(`serverless-offline ${runtime} (${mode})`, target.http.get),
    }));
    const floor = turn('loopback round trip to another process', peerHttp.get);
    const gatewayAlone = turn('the API Gateway with an invoker that answers at once', aloneHttp.get);
    const bareServer = turn('a bare HTTP server in this process', bareHttp.get);
    const turns = [gateway, invokeApi, inProcess, floor, gatewayAlone, bareServer, ...offline];
    for (const { label, call } of turns)
      await warmSamples(label, call, { warmup: options.warmup, requests: 0 });
    const perRound = Math.ceil(options.requests / options.rounds);
    log(
      `${runtime}: ${options.rounds} rounds of ${perRound} warm requests per target (${turns.length} targets)`,
    );
    for (let round = 0; round < options.rounds; round++) {
      for (const { label, call, samples } of turns) {
        samples.push(...(await warmSamples(label, call, { warmup: 0, requests: perRound })));
      }
    }
    const measured = {
      runtime: fn.runtime,
      memorySizeMb: fn.memorySizeMb,
      gateway: summary(gateway.samples),
      invokeApi: summary(invokeApi.samples),
      inProcess: summary(inProcess.samples),
      loopbackFloor: summary(floor.samples),
      gatewayAlone: summary(gatewayAlone.samples),
      bareServer: summary(bareServer.samples),
      cold: {
        runs: colds.length,
        initDurationMs: median(colds.map((cold) => cold.initDurationMs)),
        invokeMs: median(colds.map((cold) => cold.clientMs)),
        gatewayMs: median(colds.map((cold) => cold.gatewayMs)),
        initDurationSamplesMs: colds.map((cold) => round3(cold.initDurationMs)),
        loadAverage: round3(median(coldLoad)),
        ...(colds[0]?.note ? { note: colds[0].note } : {}),
      },
    };
    if (offline.length > 0) {
      measured.offline = {};
      for (const { mode, samples, firstRequestMs } of offline) {
        measured.offline[mode] = { ...summary(samples), firstRequestMs: round3(firstRequestMs) };
      }
    }
    figures[runtime] = judge(runtime, measured);
  }
  return { cpuQuota: ours.cpuQuota, runtimes: figures };
}

function text(report) {
  const m = report.machine;
  const s = report.settings;
  return [
    `local cloud vs serverless-offline — ${report.date}`,
    `machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB, ${m.platform}, Node ${m.node}; load average ${m.loadBefore} before, ${m.loadAfter} after`,
    `warm: ${s.requests} sequential requests per target over one keep-alive connection, after ${s.warmup} warm-up, in ${s.rounds} interleaved rounds; cold: median and min of ${s.coldRuns} new environments`,
    s.serverlessOffline
      ? `serverless-offline ${s.serverlessOffline.serverlessOffline} with serverless ${s.serverlessOffline.serverless}; Node in two modes: ${s.serverlessOffline.nodeModes.default} and ${s.serverlessOffline.nodeModes.inProcess}; Python in its one mode; its first request is one sample`
      : 'serverless-offline: not measured (--no-offline)',
    `CPU quota: ${report.cpuQuota.available ? report.cpuQuota.mechanism : `none (${report.cpuQuota.detail})`}; functions at 1,769 MB = one vCPU`,
    '',
    markdownTables(report.runtimes),
    '',
    goalLines(report.runtimes),
  ].join('\n');
}

function machine(loadBefore) {
  const cpus = os.cpus();
  const load = (values) => values.map((value) => value.toFixed(2)).join(' ');
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.type()} ${os.release()}`,
    node: process.versions.node,
    loadBefore: load(loadBefore),
    loadAfter: load(os.loadavg()),
  };
}

function readOptions() {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        json: { type: 'boolean', default: false },
        requests: { type: 'string', default: '1000' },
        warmup: { type: 'string', default: '50' },
        'cold-runs': { type: 'string', default: '9' },
        rounds: { type: 'string', default: '5' },
        runtimes: { type: 'string', default: runtimes.join(',') },
        'no-offline': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (parsed.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  const chosen = parsed.runtimes.split(',').map((name) => name.trim());
  const unknown = chosen.filter((name) => !runtimes.includes(name));
  if (unknown.length > 0)
    fail(`--runtimes: unknown ${unknown.join(', ')}; choose from ${runtimes.join(', ')}`);
  return {
    json: parsed.json,
    requests: count('--requests', parsed.requests, 10, 100_000),
    warmup: count('--warmup', parsed.warmup, 0, 10_000),
    coldRuns: count('--cold-runs', parsed['cold-runs'], 1, 50),
    rounds: count('--rounds', parsed.rounds, 1, 100),
    runtimes: chosen,
    offline: !parsed['no-offline'],
  };
}

function count(flag, value, min, max) {
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max)
    fail(`${flag} must be a whole number from ${min} to ${max}, not ${value}`);
  return number;
}

/** @returns {never} */
function fail(reason) {
  process.stderr.write(`${reason}\n${usage}\n`);
  process.exit(2);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return round3(sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2);
}

function round3(value) {
  return Math.round(value * 1000) / 1000;
}
