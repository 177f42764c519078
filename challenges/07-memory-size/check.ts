import type { Candidate, Experiment } from '@serverless-scientist/core';
import { ResultsQuery } from '@serverless-scientist/scientist';
import { gatherRuns } from '../src/candidate-runs.js';
import { type Challenge, failed, passed, unverifiable } from '../src/check.js';
import { checkDeployed, cloudStep, uploadCommand } from '../src/common-steps.js';
import { deployedAt, functionConfiguration } from '../src/deployed-function.js';
import { storedExperimentFor } from '../src/stored-experiments.js';
import { topUpTraffic } from '../src/traffic-top-up.js';

interface MemoryCandidate {
  readonly experiment: Experiment;
  readonly candidate: Candidate;
  readonly memoryMb: number;
  readonly controlMemoryMb: number;
  readonly since: number;
}

const newCandidateHint =
  'define one: npx scientist new candidate pbkdf2 --lang node --memory 1024 (or give a function its own memorySize in a serverless.yml), deploy it';

export const challenge7: Challenge = {
  number: 7,
  slug: '07-memory-size',
  title: "Change a function's memory size",
  steps: [
    cloudStep,
    {
      id: 'memory-candidate',
      name: 'a pbkdf2 candidate with another memory size in the experiment',
      after: ['cloud-running'],
      async run({ target, found }) {
        const experiment = await storedExperimentFor(target, 'pbkdf2');
        if (!experiment) {
          return failed(
            "no uploaded experiment has path 'pbkdf2'",
            `upload the experiments: ${uploadCommand(target)}`,
          );
        }
        const control = await functionConfiguration(target, experiment.control.functionName);
        if (!control) {
          return failed(
            `the control ${experiment.control.functionName} is not deployed`,
            'deploy it (challenge 2)',
          );
        }
        const controlMemoryMb = control.MemorySize ?? 128;
        const others: MemoryCandidate[] = [];
        for (const candidate of experiment.candidates) {
          const configuration = await functionConfiguration(target, candidate.functionName);
          const memoryMb = configuration?.MemorySize;
          if (memoryMb !== undefined && memoryMb !== controlMemoryMb) {
            others.push({
              experiment,
              candidate,
              memoryMb,
              controlMemoryMb,
              since: deployedAt(configuration) ?? 0,
            });
          }
        }
        if (others.length === 0) {
          return failed(
            `no deployed candidate of '${experiment.id}' has another memory size than the control's ${controlMemoryMb} MB`,
            `${newCandidateHint}, then ${uploadCommand(target)}`,
          );
        }
        // The newest is the one the attendee just defined.
        const chosen = others.sort((a, b) => b.since - a.since)[0]!;
        found.set('memory', chosen);
        return passed(
          `'${chosen.candidate.id}' runs ${chosen.candidate.functionName} at ${chosen.memoryMb} MB, the control ${experiment.control.functionName} at ${controlMemoryMb} MB`,
        );
      },
    },
    {
      id: 'candidate-deployed',
      name: 'the memory candidate answers',
      after: ['memory-candidate'],
      async run({ target, found }) {
        const { candidate } = found.get('memory') as MemoryCandidate;
        return checkDeployed(target, {
          functionName: candidate.functionName,
          dir: `functions/pbkdf2/${candidate.functionName.replace(/^candidate-pbkdf2-/, 'candidate-')}`,
          request: { method: 'GET', path: '/pbkdf2', query: { iterations: '1' } },
        });
      },
    },
    {
      id: 'cpu-quota',
      name: 'memory size means CPU here',
      after: ['cloud-running'],
      async run({ target }) {
        const quota = await target.cpuQuota();
        if (quota.available === true) return passed(quota.detail);
        return unverifiable(
          `${quota.detail}: every function gets the whole CPU, so durations will not follow memory size (on AWS they do)`,
        );
      },
    },
    {
      id: 'samples',
      name: 'production traffic compared',
      after: ['candidate-deployed'],
      async run(context) {
        const { experiment, candidate } = context.found.get('memory') as MemoryCandidate;
        const { outcome } = await gatherRuns(context, {
          experiment,
          candidate,
          samples: 30,
          ratePerSecond: 4,
          seconds: 40,
        });
        return outcome;
      },
    },
    {
      id: 'verdict',
      name: 'the duration difference shows, with a verdict',
      after: ['samples'],
      async run(context) {
        const { target, found } = context;
        const memory = found.get('memory') as MemoryCandidate;
        const { experiment, candidate } = memory;
        // Whole minutes, the aggregates' buckets: the one the candidate was deployed in, up to now.
        const minutes = Math.floor(Date.now() / 60_000) - Math.floor(memory.since / 60_000) + 1;
        const store = target.store();
        const read = async () => {
          const summary = await new ResultsQuery(store).summary(experiment, minutes);
          return { summary, mine: summary.candidates.find((c) => c.id === candidate.id)! };
        };
        const quota = await target.cpuQuota();
        const expected = memory.memoryMb > memory.controlMemoryMb ? 'faster' : 'slower';
        const scientist = await target.scientistUrl();
        await topUpTraffic(
          context,
          {
            url: `${scientist}/${experiment.path}`,
            function: experiment.path,
            ratePerSecond: 4,
            seconds: quota.available ? 40 : 0,
          },
          async () => (await read()).mine.verdict.kind !== 'inconclusive',
        );
        const { summary, mine } = await read();
        const p50 = (value: number | null) => (value === null ? '—' : `${value.toFixed(1)} ms`);
        const shown = `${candidate.id} at ${memory.memoryMb} MB: p50 ${p50(mine.durationMs.p50)}, control at ${memory.controlMemoryMb} MB: p50 ${p50(summary.control.durationMs.p50)}; verdict: ${mine.verdict.summary}`;
        if (quota.available !== true) {
          return unverifiable(`${shown} (no CPU quota here, so this verdict says nothing about memory size)`);
        }
        if (mine.verdict.kind === expected) return passed(shown);
        // The scientist names no winner when the machine was too busy to compare fairly: that is
        // the lesson's honest answer, not the attendee's mistake.
        if (mine.verdict.comparable === false) {
          return unverifiable(
            `${shown} (this machine was too busy for a fair comparison: close what else runs, then run the check again)`,
          );
        }
        return failed(
          shown,
          mine.verdict.kind === 'inconclusive'
            ? `send more production traffic: npx scientist traffic --experiment ${experiment.id} --duration 60`
            : `a candidate with more memory than the control should be faster: is ${candidate.functionName}'s memorySize what you meant?`,
        );
      },
    },
  ],
};
