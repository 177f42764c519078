#!/usr/bin/env node
// The scientist's benchmark: client latency through the scientist against the control directly,
// the effect of a 10× slower candidate, sustained throughput with three candidates (and whether
// every result was recorded), and the summary query over 1,000,000 recorded requests.
// Usage: node bench/scientist/run.mjs [--requests 300] [--rounds 3] [--seconds 10] [--concurrency 8] [--bulk 1000000]
//        [--clients 20] [--burst 1000] [--hand-off held|awaited|both] [--no-build]
// --clients/--burst: the concurrent phase, `burst` requests from `clients` clients at once, to the
// control directly, with nothing sampled and with five candidates at 100 %, in interleaved rounds.
// --hand-off both (the default) measures the proxy answering before its hand-off (held by its
// internal extension) and after it (SCIENTIST_HAND_OFF=awaited, as before) in the same rounds.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { deployHandOff, ms, ratio, stats, untilRecorded, withBenchKit } from './bench-kit.mjs';
import { builtPackages } from './built-packages.mjs';
import { startClients } from './client-process.mjs';

const { values: options } = parseArgs({
  options: {
    requests: { type: 'string', default: '300' },
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '8' },
    bulk: { type: 'string', default: '1000000' },
    clients: { type: 'string', default: '20' },
    burst: { type: 'string', default: '1000' },
    'hand-off': { type: 'string', default: 'both' },
    'no-build': { type: 'boolean', default: false },
  },
});
const log = (line) => process.stderr.write(`${line}\n`);
const modes = options['hand-off'] === 'both' ? ['held', 'awaited'] : [options['hand-off']];
if (!modes.every((mode) => mode === 'held' || mode === 'awaited'))
  throw new Error(`--hand-off must be held, awaited or both, not ${options['hand-off']}`);
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const { core, localCloud, scientist } = await builtPackages({ build: !options['no-build'], log });
const { ResultRecorder, ResultsQuery } = scientist;
const { createObservation } = core;

/** Longer than the runner needs for one request with one 5 ms candidate on this machine. */
const PACE_MS = 40;

await withBenchKit(
  { localCloud, scientist, name: 'bench' },
  async ({ cloud, store, experiments, directUrl: direct, scientistUrl: scientist }) => {
    // The clients run in a process of their own (client-process.mjs), as a deployment's do.
    const client = startClients();
    try {
      let deployedMode = 'held';
      /** The proxy with its hand-off held after the answer, or awaited before it; warm. */
      async function useMode(mode) {
        if (mode !== deployedMode) {
          await deployHandOff(cloud, mode);
          deployedMode = mode;
        }
        for (const url of [`${scientist}/none`, `${scientist}/one`, `${scientist}/slow`]) {
          await client.sequential(url, 20);
        }
      }

      log('warming up…');
      const WARM_UP = 50;
      for (const url of [
        direct,
        `${scientist}/none`,
        `${scientist}/one`,
        `${scientist}/slow`,
        `${scientist}/five`,
      ]) {
        await client.sequential(url, WARM_UP);
      }

      // 1 and 2: interleaved rounds of sequential requests, so the machine's load falls on all alike.
      // `paced` is `one` with a pause after each request, long enough for the runner and candidate to
      // finish: what the client pays for the hand-off itself, without the previous request's shadow
      // work competing for the same cores (which on AWS runs on other hosts).
      const targets = {
        one: `${scientist}/one`,
        paced: `${scientist}/one`,
        none: `${scientist}/none`,
        slow: `${scientist}/slow`,
        five: `${scientist}/five`,
      };
      // Each mode's samples under its own keys: `one` (held, the proxy as deployed) and `one awaited`.
      const key = (name, mode) => (mode === 'held' ? name : `${name} ${mode}`);
      const samples = { direct: [] };
      for (const mode of modes) for (const name of Object.keys(targets)) samples[key(name, mode)] = [];
      const perRound = Math.ceil(Number(options.requests) / Number(options.rounds));
      // Proxy environments started per mode: a request that arrives while the warm one still hands off
      // gets another (as on AWS), and its cold start is on that client's path.
      const proxyStarts = () =>
        readFileSync(cloud.lambda.logPath('scientist-dev-proxy'), 'utf8').split('\tInit Duration: ').length -
        1;
      const coldStarts = Object.fromEntries(modes.map((mode) => [mode, 0]));
      for (let round = 1; round <= Number(options.rounds); round++) {
        log(
          `latency round ${round}/${options.rounds} (${perRound} requests per target, hand-off ${modes.join(' and ')})…`,
        );
        samples.direct.push(...(await client.sequential(direct, perRound)));
        for (const mode of modes) {
          await useMode(mode);
          const startsBefore = proxyStarts();
          for (const [name, url] of Object.entries(targets)) {
            const paceMs = name === 'paced' ? PACE_MS : 0;
            samples[key(name, mode)].push(...(await client.sequential(url, perRound, { paceMs })));
          }
          coldStarts[mode] += proxyStarts() - startsBefore;
        }
      }
      const latency = Object.fromEntries(
        Object.entries(samples).map(([name, values]) => [name, stats(values)]),
      );
      // The sustained load and everything after run with the mode measured first.
      await useMode(modes[0]);
      const main = (name) => latency[key(name, modes[0])];
      for (const name of Object.keys(targets)) latency[name] = main(name);

      // 2b: concurrent clients, as the issue measured them: the same burst to the control directly,
      // through the scientist with nothing sampled and with five candidates at 100 %. After the five,
      // the next round waits until their shadow work is recorded, so no backlog falls on it.
      const query = new ResultsQuery(store);
      const five = experiments.find((experiment) => experiment.id === 'five');
      const clients = Number(options.clients);
      const burst = Number(options.burst);
      const concurrent = { direct: [], none: [], five: [] };
      // Every request to /five so far: the warm-up and the sequential rounds of each mode.
      let fiveSent = WARM_UP + modes.reduce((sum, mode) => sum + samples[key('five', mode)].length, 0);
      let fiveWaitSeconds = 0;
      let fiveRecorded = 0;
      const burstOf = (url) => client.burst(url, burst, clients);
      for (let round = 1; round <= Number(options.rounds); round++) {
        log(
          `concurrent round ${round}/${options.rounds} (${burst} requests from ${clients} clients per target)…`,
        );
        concurrent.direct.push(...(await burstOf(direct)));
        concurrent.none.push(...(await burstOf(`${scientist}/none`)));
        concurrent.five.push(...(await burstOf(`${scientist}/five`)));
        fiveSent += burst;
        const waitStarted = performance.now();
        fiveRecorded = Math.min(...(await untilRecorded(query, five, fiveSent)));
        fiveWaitSeconds += (performance.now() - waitStarted) / 1000;
      }
      const fiveMissing = Math.max(0, fiveSent - fiveRecorded);
      const atOnce = Object.fromEntries(
        Object.entries(concurrent).map(([name, values]) => [name, stats(values)]),
      );

      // 3: sustained load with three candidates at 100 % sampling, then count what was recorded.
      log(`sustained load: ${options.concurrency} clients for ${options.seconds} s on /three…`);
      const loadStarted = performance.now();
      const { sent, failed, failures } = await client.sustained(
        `${scientist}/three`,
        Number(options.seconds),
        Number(options.concurrency),
      );
      const loadSeconds = (performance.now() - loadStarted) / 1000;
      const three = experiments.find((experiment) => experiment.id === 'three');
      const drainStarted = performance.now();
      const recorded = await untilRecorded(query, three, sent);
      const drainSeconds = (performance.now() - drainStarted) / 1000;

      // 4: one million recorded requests (aggregated as the runner aggregates them), then the summary.
      const bulk = Number(options.bulk);
      log(`recording ${bulk.toLocaleString('en')} requests into the aggregates…`);
      const bulkExperiment = { ...three, id: 'bulk' };
      const recorder = new ResultRecorder({
        sink: {
          putResultItems: async () => undefined,
          addAggregates: (increment) => store.addAggregates(increment),
        },
      });
      const observation = (variantId, i) =>
        createObservation({
          variantId,
          statusCode: 200,
          headers: { 'content-type': 'application/json' },
          bodyHash: 'x',
          durations: { clientMs: 4 + (i % 17) * 0.5, functionMs: 2 + (i % 23) * 0.3 },
        });
      const pool = Array.from({ length: 97 }, (_, i) => ({
        control: observation('control', i),
        candidates: ['agree-1', 'agree-2', 'agree-3'].map((id, k) => observation(id, i * (k + 2))),
      }));
      const now = Date.now();
      const bulkStarted = performance.now();
      for (let i = 0; i < bulk; i++) {
        const sample = pool[i % pool.length];
        recorder.record({
          experiment: 'bulk',
          requestId: `r${i}`,
          // Spread over the last 30 minutes: all inside the 60-minute window queried below.
          at: now - (i % 30) * 60_000,
          request: { method: 'GET', path: 'three', query: '', headers: {} },
          control: sample.control,
          candidates: sample.candidates.map((candidateObservation) => ({
            observation: candidateObservation,
            outcome: 'match',
          })),
          curl: '',
          bodies: 'none',
          redactHeaders: [],
        });
        if (i % 20_000 === 19_999 || i === bulk - 1) {
          const report = await recorder.flush();
          if (report.error) throw report.error;
        }
      }
      const bulkSeconds = (performance.now() - bulkStarted) / 1000;
      const queryTimes = [];
      let bulkSummary;
      for (let i = 0; i < 21; i++) {
        const started = performance.now();
        bulkSummary = await query.summary(bulkExperiment, 60);
        queryTimes.push(performance.now() - started);
      }
      const summaryTime = stats(queryTimes.slice(1));

      const lines = [
        `## Scientist (bench/scientist), ${new Date().toISOString().slice(0, 16)} UTC, ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)}`,
        '',
        `Client latency, ${latency.direct.n} sequential requests per target in ${options.rounds} interleaved rounds (control sleeps 5 ms):`,
        '',
        '| target | p50 | p99 |',
        '| --- | --- | --- |',
        `| control directly | ${ms(latency.direct.p50)} | ${ms(latency.direct.p99)} |`,
        `| through the scientist, one candidate | ${ms(latency.one.p50)} | ${ms(latency.one.p99)} |`,
        `| through the scientist, one candidate, ${PACE_MS} ms between requests | ${ms(latency.paced.p50)} | ${ms(latency.paced.p99)} |`,
        `| through the scientist, no candidate sampled | ${ms(latency.none.p50)} | ${ms(latency.none.p99)} |`,
        `| through the scientist, a 10× slower candidate | ${ms(latency.slow.p50)} | ${ms(latency.slow.p99)} |`,
        `| through the scientist, five candidates at 100 % | ${ms(latency.five.p50)} | ${ms(latency.five.p99)} |`,
        '',
        `- through the scientist ÷ direct: p50 ${ratio(latency.one.p50, latency.direct.p50)}, p99 ${ratio(latency.one.p99, latency.direct.p99)}`,
        `- paced (hand-off without the previous request's shadow work) ÷ direct: p50 ${ratio(latency.paced.p50, latency.direct.p50)}, p99 ${ratio(latency.paced.p99, latency.direct.p99)}; no candidate sampled ÷ direct: p50 ${ratio(latency.none.p50, latency.direct.p50)}`,
        `- p99 with a 10× slower candidate ÷ with none: ${ratio(latency.slow.p99, latency.none.p99)}; ÷ with one candidate as fast as the control: ${ratio(latency.slow.p99, latency.one.p99)}`,
        `- sustained, three candidates at 100 %: ${(sent / loadSeconds).toFixed(0)} requests/s (${sent} sent, ${failed} failed, ${options.concurrency} clients, ${loadSeconds.toFixed(1)} s); recorded per candidate ${recorded.join(' / ')} after ${drainSeconds.toFixed(1)} s more; missing: ${Math.max(0, ...recorded.map((count) => sent - count))} (goal: none)${failed ? `; failures: ${[...failures].map(([reason, count]) => `${count}× ${reason}`).join('; ')}` : ''}`,
        ...(modes.length === 2
          ? [
              '',
              "The hand-off held after the answer (by the proxy's internal extension) against awaited before it (`SCIENTIST_HAND_OFF=awaited`, as before), same rounds:",
              '',
              '| target | held p50 | held p99 | awaited p50 | awaited p99 | held ÷ awaited p50 | p99 |',
              '| --- | --- | --- | --- | --- | --- | --- |',
              ...Object.keys(targets).map((name) => {
                const held = latency[key(name, 'held')];
                const awaited = latency[key(name, 'awaited')];
                return `| ${name} | ${ms(held.p50)} | ${ms(held.p99)} | ${ms(awaited.p50)} | ${ms(awaited.p99)} | ${ratio(held.p50, awaited.p50)} | ${ratio(held.p99, awaited.p99)} |`;
              }),
              '',
              `- nothing sampled, p50 beyond direct (${ms(latency.direct.p50)}): held ${ms(latency.none.p50 - latency.direct.p50)}, awaited ${ms(latency['none awaited'].p50 - latency.direct.p50)}`,
              `- a 10× slower candidate ÷ nothing sampled, p99: held ${ratio(latency.slow.p99, latency.none.p99)}, awaited ${ratio(latency['slow awaited'].p99, latency['none awaited'].p99)}`,
              `- proxy cold starts during the measured requests: held ${coldStarts.held}, awaited ${coldStarts.awaited}`,
              `- one candidate ÷ nothing sampled, p50: held ${ratio(latency.one.p50, latency.none.p50)}, awaited ${ratio(latency['one awaited'].p50, latency['none awaited'].p50)}`,
            ]
          : []),
        '',
        `${clients} concurrent clients, ${atOnce.direct.n} requests per target in ${options.rounds} interleaved rounds:`,
        '',
        '| target | p50 | p99 | ÷ nothing sampled p50 / p99 |',
        '| --- | --- | --- | --- |',
        `| control directly | ${ms(atOnce.direct.p50)} | ${ms(atOnce.direct.p99)} | |`,
        `| through the scientist, nothing sampled | ${ms(atOnce.none.p50)} | ${ms(atOnce.none.p99)} | |`,
        `| through the scientist, five candidates at 100 % | ${ms(atOnce.five.p50)} | ${ms(atOnce.five.p99)} | ${ratio(atOnce.five.p50, atOnce.none.p50)} / ${ratio(atOnce.five.p99, atOnce.none.p99)} |`,
        '',
        `- five candidates' results recorded ${fiveWaitSeconds.toFixed(1)} s after their bursts in all; missing: ${fiveMissing}`,
        '',
        `Goals (the no-impact issue), the hand-off ${modes[0] === 'held' ? 'held after the answer' : 'awaited before it'}:`,
        '',
        ...goalLines(latency, atOnce),
        '',
        `- summary over ${bulkSummary.control.samples.toLocaleString('en')} recorded requests (${bulk.toLocaleString('en')} written in ${bulkSeconds.toFixed(1)} s, 30 minutes × 4 variants): p50 ${ms(summaryTime.p50)}, p99 ${ms(summaryTime.p99)} over ${summaryTime.n} queries (goal < 100 ms: ${summaryTime.p50 < 100 ? 'PASS' : 'MISS'})`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    } finally {
      client.close();
    }
  },
);

/** The no-impact issue's latency goals, each with its figures and PASS or MISS. */
function goalLines(latency, atOnce) {
  const verdict = (passed) => (passed ? 'PASS' : 'MISS');
  const within = (a, b, bound) => a / b <= bound;
  const sequentialFive =
    within(latency.five.p50, latency.none.p50, 1.3) && within(latency.five.p99, latency.none.p99, 1.3);
  const concurrentFive =
    within(atOnce.five.p50, atOnce.none.p50, 1.5) && within(atOnce.five.p99, atOnce.none.p99, 1.5);
  return [
    `- nothing sampled, sequential: p50 ${ms(latency.none.p50)} ≤ direct ${ms(latency.direct.p50)} + 1.2 ms: ${verdict(latency.none.p50 <= latency.direct.p50 + 1.2)} (${ms(latency.none.p50 - latency.direct.p50)} more)`,
    `- nothing sampled, ${options.clients} concurrent clients: p50 ${ratio(atOnce.none.p50, atOnce.direct.p50)} direct ≤ 2×: ${verdict(within(atOnce.none.p50, atOnce.direct.p50, 2))}`,
    `- five candidates at 100 %, sequential: ${ratio(latency.five.p50, latency.none.p50)} / ${ratio(latency.five.p99, latency.none.p99)} nothing sampled (p50 / p99) ≤ 1.3×: ${verdict(sequentialFive)}`,
    `- five candidates at 100 %, ${options.clients} concurrent clients: ${ratio(atOnce.five.p50, atOnce.none.p50)} / ${ratio(atOnce.five.p99, atOnce.none.p99)} nothing sampled ≤ 1.5×: ${verdict(concurrentFive)}`,
    `- a 10× slower candidate, p99: ${ratio(latency.slow.p99, latency.none.p99)} nothing sampled ≤ 1.05×: ${verdict(within(latency.slow.p99, latency.none.p99, 1.05))}`,
    '- CPU per shadowed request and requests/s: `node bench/scientist/cpu-per-request.mjs`',
  ];
}
