import { type CandidateEvidence, gatherRuns, shownQuery } from '../src/candidate-runs.js';
import { type Challenge, failed, passed } from '../src/check.js';
import { candidateInExperiment, checkDeployed, cloudStep } from '../src/common-steps.js';

const candidateFunction = 'candidate-round-python3-round';

export const challenge4: Challenge = {
  number: 4,
  slug: '04-round-candidate',
  title: 'Deploy and test a candidate for round()',
  steps: [
    cloudStep,
    {
      id: 'candidate-deployed',
      name: `${candidateFunction} deployed`,
      after: ['cloud-running'],
      run: ({ target }) =>
        checkDeployed(target, {
          functionName: candidateFunction,
          dir: 'functions/round/candidate-python3-round',
          request: { method: 'GET', path: '/round', query: { number: '2.25' } },
        }),
    },
    {
      id: 'in-experiment',
      name: 'candidate in the round experiment',
      after: ['cloud-running'],
      async run({ target, found }) {
        const located = await candidateInExperiment(target, 'round', candidateFunction);
        if (located.candidate) found.set('candidate', located);
        return located.outcome;
      },
    },
    {
      id: 'samples',
      name: 'production traffic compared',
      after: ['candidate-deployed', 'in-experiment'],
      async run(context) {
        const { experiment, candidate } = context.found.get('candidate') as Required<
          Awaited<ReturnType<typeof candidateInExperiment>>
        >;
        const { evidence, outcome } = await gatherRuns(context, {
          experiment,
          candidate,
          samples: 30,
          ratePerSecond: 8,
          seconds: 40,
          // Production sends halves now and then: wait for one that tells the two apart.
          until: (runs) => runs.some((run) => run.outcome === 'mismatch'),
        });
        context.found.set('evidence', evidence);
        return outcome;
      },
    },
    {
      id: 'peculiarity-visible',
      name: 'the peculiarity shows in the results',
      after: ['samples'],
      async run({ found }) {
        const { runs, experiment, candidate } = found.get('evidence') as CandidateEvidence;
        const mismatches = runs.filter((run) => run.outcome === 'mismatch');
        if (mismatches.length === 0) {
          return failed(
            `all ${runs.length} compared requests matched the control`,
            `send more production traffic (npx scientist traffic --experiment ${experiment.id} --duration 60) and look at the dashboard's mismatches`,
          );
        }
        const seen = new Map<string, string>();
        for (const run of mismatches) {
          const input = shownQuery(run.query);
          if (!seen.has(input) && seen.size < 4) {
            seen.set(
              input,
              `${input} → control ${run.control.body ?? '?'}, candidate ${run.candidate.body ?? '?'}`,
            );
          }
        }
        return passed(
          `${mismatches.length} of ${runs.length} requests differ for ${candidate.id}: ${[...seen.values()].join('; ')}`,
        );
      },
    },
  ],
};
