import { type CandidateEvidence, gatherRuns } from '../src/candidate-runs.js';
import { type Challenge, failed, passed } from '../src/check.js';
import {
  candidateInExperiment,
  checkDeployed,
  cloudStep,
  deployCommand,
  uploadCommand,
} from '../src/common-steps.js';

const candidateFunction = 'candidate-sort-fixme';
const candidateDir = 'functions/sort/candidate-fixme';

type Located = Required<Awaited<ReturnType<typeof candidateInExperiment>>>;

/** Which comparators a mismatch's diff names, e.g. `body`, `content-type`. */
function differingParts(diff: string | undefined): string[] {
  const parts: string[] = [];
  if (!diff) return ['(no diff recorded)'];
  if (/content-type/i.test(diff)) parts.push('content-type');
  if (/\bbody\b/i.test(diff) || /^[-+@]/m.test(diff)) parts.push('body');
  if (/status/i.test(diff)) parts.push('status code');
  return parts.length > 0 ? parts : ['other'];
}

export const challenge5: Challenge = {
  number: 5,
  slug: '05-fix-sort',
  title: 'Fix, deploy and test the candidate for sort()',
  steps: [
    cloudStep,
    {
      id: 'candidate-deployed',
      name: `${candidateFunction} deployed`,
      after: ['cloud-running'],
      run: ({ target }) =>
        checkDeployed(target, {
          functionName: candidateFunction,
          dir: candidateDir,
          request: {
            method: 'POST',
            path: '/sort',
            headers: { 'content-type': 'application/json' },
            body: '[3,1,2]',
          },
        }),
    },
    {
      id: 'in-experiment',
      name: 'candidate in the sort experiment',
      after: ['cloud-running'],
      async run({ target, found }) {
        const located = await candidateInExperiment(target, 'sort', candidateFunction);
        if (located.candidate) found.set('candidate', located);
        return located.outcome;
      },
    },
    {
      id: 'compared-exactly',
      name: 'sort answers compared as text, with their content-type',
      after: ['in-experiment'],
      async run({ target, found }) {
        const { experiment } = found.get('candidate') as Located;
        const { body, headers } = experiment.comparators;
        const hint = `restore the sort experiment's comparators in packages/scientist/experiments.yaml ([{ body: { json: false } }, statuscode, { headers: [content-type] }]), then ${uploadCommand(target)}`;
        if (body === false || body.json) {
          return failed(
            `experiment '${experiment.id}' compares bodies ${body === false ? 'not at all' : 'as parsed JSON'}, so a difference in how the list is written would not show`,
            hint,
          );
        }
        if (!headers.includes('content-type')) {
          return failed(`experiment '${experiment.id}' does not compare the content-type header`, hint);
        }
        return passed(
          `experiment '${experiment.id}' compares the body byte for byte, the status code and content-type`,
        );
      },
    },
    {
      id: 'samples',
      name: 'production traffic compared since the last deploy',
      after: ['candidate-deployed', 'compared-exactly'],
      async run(context) {
        const { experiment, candidate } = context.found.get('candidate') as Located;
        const { evidence, outcome } = await gatherRuns(context, {
          experiment,
          candidate,
          samples: 30,
          ratePerSecond: 8,
          seconds: 30,
        });
        context.found.set('evidence', evidence);
        return outcome;
      },
    },
    {
      id: 'matches-control',
      name: 'candidate answers exactly as the control',
      after: ['samples'],
      async run({ target, found }) {
        const { runs, candidate } = found.get('evidence') as CandidateEvidence;
        const differing = runs.filter((run) => run.outcome !== 'match');
        if (differing.length === 0) {
          return passed(`all ${runs.length} requests since the last deploy match the control, byte for byte`);
        }
        const parts = new Map<string, number>();
        for (const run of differing) {
          for (const part of run.outcome === 'mismatch' ? differingParts(run.diff) : [run.outcome]) {
            parts.set(part, (parts.get(part) ?? 0) + 1);
          }
        }
        return failed(
          `${differing.length} of ${runs.length} requests since the last deploy differ from the control (${[...parts].map(([part, n]) => `${part}: ${n}`).join(', ')})`,
          `compare the mismatches on the dashboard (experiment sort, ${candidate.id}), fix ${candidateDir}/handler.py, then ${deployCommand(target, candidateDir)}`,
        );
      },
    },
  ],
};
