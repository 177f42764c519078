#!/usr/bin/env node
// The fairness bench: the A/A scenario (bench/fairness/scenario.mjs) at each rate, several runs
// each, on one local cloud; prints each run's median ratios and verdicts side by side.
// Usage: node bench/fairness/run.mjs [--rates 2,5] [--runs 5] [--seconds 60] [--warm 15] [--noise 0] [--no-build]
// (--noise: the round experiment's noise check, the control again beside the candidates, in percent)
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { CPU_SHARE, ratiosOf, root, startScenario } from './scenario.mjs';

const { values: options } = parseArgs({
  options: {
    rates: { type: 'string', default: '2,5' },
    runs: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '60' },
    warm: { type: 'string', default: '15' },
    noise: { type: 'string', default: '0' },
    'no-build': { type: 'boolean', default: false },
  },
});
const log = (line) => process.stderr.write(`${line}\n`);
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

if (!options['no-build']) {
  log('building core, local-cloud, traffic and scientist (nx, cached)…');
  execFileSync(
    'npx',
    [
      'nx',
      'run-many',
      '-t',
      'build',
      '-p',
      'core',
      'local-cloud',
      'traffic',
      'scientist',
      '--output-style=static',
    ],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0' },
    },
  );
}

const ratio = (verdict) => (verdict?.medianRatio === undefined ? '—' : verdict.medianRatio.toFixed(2));
const kind = (verdict) => verdict?.kind ?? '—';
const fixed = (value) => (value === undefined ? '—' : value.toFixed(2));
const scenario = await startScenario({ log });
const lines = [
  `## Fairness (bench/fairness), ${new Date().toISOString().slice(0, 16)} UTC, ${os.cpus().length} CPUs`,
  '',
  "Median ratio candidate ÷ control (function-side durations) and verdict; pbkdf2 memory sizes against 128 MB, with Lambda's CPU share in brackets.",
  '',
  `| rate | run | load avg | samples | A/A copy | noise check | Go | Python math | Python round | Java | Ruby | 512 MB (${CPU_SHARE[512].toFixed(3)}) | 1024 MB (${CPU_SHARE[1024].toFixed(3)}) | 1769 MB (${CPU_SHARE[1769].toFixed(3)}) |`,
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
];
try {
  if (Number(options.warm) > 0) {
    log(`warm-up (${options.warm} s, not reported)…`);
    await scenario.run({ rate: 5, seconds: Number(options.warm), seed: 99 });
  }
  const aaKinds = [];
  const details = [
    '',
    "Conditions per candidate: contended pairs of those measured, whether comparable, and medians (ms) of the REPORT line's Duration, CPU Time, Throttled Time and CPU Wait.",
    '',
    '| rate | run | experiment | variant | contended | comparable | duration | CPU | throttled | wait |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const rate of options.rates.split(',').map(Number)) {
    for (let run = 1; run <= Number(options.runs); run++) {
      const result = await scenario.run({
        rate,
        seconds: Number(options.seconds),
        seed: run,
        noise: Number(options.noise),
      });
      const r = ratiosOf(result);
      aaKinds.push(kind(r.aa));
      const cell = (verdict) => `${ratio(verdict)} ${kind(verdict)}`;
      const line = `| ${rate}/s | ${run} | ${result.loadAverage.toFixed(1)} | ${r.aa?.samples ?? 0} | ${cell(r.aa)} | ${cell(r.noise)} | ${cell(r.go)} | ${cell(r.round['candidate-1'])} | ${cell(r.round['candidate-2'])} | ${cell(r.round['candidate-java'])} | ${cell(r.round['candidate-ruby'])} | ${cell(r.memory[512])} | ${cell(r.memory[1024])} | ${cell(r.memory[1769])} |`;
      lines.push(line);
      log(line);
      for (const [experiment, summary] of [
        ['round', result.round],
        ['pbkdf2', result.pbkdf2],
      ]) {
        for (const candidate of summary?.candidates ?? []) {
          const c = candidate.conditions;
          const figures = result.cpu[experiment]?.[candidate.id] ?? {};
          details.push(
            `| ${rate}/s | ${run} | ${experiment} | ${candidate.id} | ${c.contended}/${c.measured} | ${c.comparable ? 'yes' : 'no'} | ${fixed(figures.functionMs)} | ${fixed(figures.cpuMs)} | ${fixed(figures.throttledMs)} | ${fixed(figures.cpuWaitMs)} |`,
          );
        }
        const control = result.cpu[experiment]?.control ?? {};
        details.push(
          `| ${rate}/s | ${run} | ${experiment} | control | | | ${fixed(control.functionMs)} | ${fixed(control.cpuMs)} | ${fixed(control.throttledMs)} | ${fixed(control.cpuWaitMs)} |`,
        );
      }
    }
  }
  const fair = aaKinds.filter((k) => k === 'same' || k === 'inconclusive').length;
  lines.push(...details);
  lines.push(
    '',
    `- A/A copy \`same\` or \`inconclusive\` in ${fair} of ${aaKinds.length} runs (goal: all): ${fair === aaKinds.length ? 'PASS' : 'MISS'}`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await scenario.stop();
}
