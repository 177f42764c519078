import type { Candidate, Experiment } from '@serverless-scientist/core';
import { gatherRuns } from '../src/candidate-runs.js';
import { type Challenge, failed, passed } from '../src/check.js';
import { cloudStep, deployCommand, uploadCommand } from '../src/common-steps.js';
import { listFunctions } from '../src/deployed-function.js';
import { describeAnswer, sendCase } from '../src/function-cases.js';
import { storedExperimentFor } from '../src/stored-experiments.js';

/** The seed's rules, the check's oracle: one line per number, `\n` between lines, none at the end. */
export function fizzbuzzSpec(from: number, to: number): string {
  const lines: string[] = [];
  for (let n = from; n <= to; n++) {
    lines.push(n % 15 === 0 ? 'Fizz Buzz' : n % 3 === 0 ? 'Fizz' : n % 5 === 0 ? 'Buzz' : String(n));
  }
  return lines.join('\n');
}

/** Requests that cover the rules: defaults, ranges, a single number, an empty range. */
const specRequests: ReadonlyArray<{ query: Record<string, string>; from: number; to: number }> = [
  { query: {}, from: 1, to: 100 },
  { query: { from: '1', to: '15' }, from: 1, to: 15 },
  { query: { from: '42' }, from: 42, to: 141 },
  { query: { to: '5' }, from: 1, to: 5 },
  { query: { from: '15', to: '15' }, from: 15, to: 15 },
  { query: { from: '7', to: '7' }, from: 7, to: 7 },
  { query: { from: '10', to: '5' }, from: 10, to: 5 },
  { query: { from: '99', to: '106' }, from: 99, to: 106 },
];

interface Written {
  readonly experiment: Experiment;
  readonly candidates: readonly { candidate: Candidate; url: string }[];
}

const skeletonAnswer = 501;

export const challenge6: Challenge = {
  number: 6,
  slug: '06-fizzbuzz',
  title: 'Write and test a fizzbuzz() candidate',
  steps: [
    cloudStep,
    {
      id: 'candidate-in-experiment',
      name: 'a fizzbuzz candidate in the experiment',
      after: ['cloud-running'],
      async run({ target, found }) {
        const experiment = await storedExperimentFor(target, 'fizzbuzz');
        const hint = `fork one (npx scientist new candidate fizzbuzz --lang <node|python|go|java|ruby>) or add your skeleton to the fizzbuzz experiment in packages/scientist/experiments.yaml, then ${uploadCommand(target)}`;
        if (!experiment) return failed("no uploaded experiment has path 'fizzbuzz'", hint);
        if (experiment.candidates.length === 0) {
          return failed(`the uploaded experiment '${experiment.id}' has no candidate yet`, hint);
        }
        found.set('experiment', experiment);
        return passed(
          `experiment '${experiment.id}' runs ${experiment.candidates.map((c) => `'${c.id}' (${c.functionName})`).join(', ')}`,
        );
      },
    },
    {
      id: 'candidate-deployed',
      name: 'every candidate in it deployed and written',
      after: ['candidate-in-experiment'],
      async run({ target, found }) {
        const experiment = found.get('experiment') as Experiment;
        const listed = await listFunctions(target);
        const problems: string[] = [];
        const hints: string[] = [];
        const written: { candidate: Candidate; url: string }[] = [];
        for (const candidate of experiment.candidates) {
          const name = candidate.functionName;
          const dir = `functions/fizzbuzz/${name.replace(/^candidate-fizzbuzz-/, 'candidate-')}`;
          if (!listed.has(name)) {
            problems.push(`${name} is not deployed`);
            hints.push(deployCommand(target, dir));
            continue;
          }
          const url = await target.functionUrl(name);
          if (!url) {
            problems.push(`${name} has no HTTP route`);
            continue;
          }
          const answer = await sendCase(url.slice(0, -'/fizzbuzz'.length), {
            method: 'GET',
            path: '/fizzbuzz',
            query: { from: '1', to: '15' },
          });
          if (answer.status === skeletonAnswer) {
            problems.push(`${name} is still the skeleton (${answer.status})`);
            hints.push(`write fizzbuzz in ${dir}, then ${deployCommand(target, dir)}`);
          } else if (answer.status >= 500) {
            problems.push(`${name} answers ${describeAnswer(answer)}`);
            hints.push(`see npx scientist logs ${name}`);
          } else {
            written.push({ candidate, url });
          }
        }
        if (problems.length > 0) {
          return failed(
            problems.join('; '),
            `${hints.join('; ') || 'fix them'} (a candidate you do not mean to test: take it out of the experiment and upload)`,
          );
        }
        found.set('written', { experiment, candidates: written } satisfies Written);
        return passed(written.map(({ candidate }) => `${candidate.functionName} answers`).join(', '));
      },
    },
    {
      id: 'matches-spec',
      name: 'candidate follows the fizzbuzz spec',
      after: ['candidate-deployed'],
      async run({ found }) {
        const { candidates } = found.get('written') as Written;
        const wrong: string[] = [];
        for (const { candidate, url } of candidates) {
          for (const request of specRequests) {
            const answer = await sendCase(url.slice(0, -'/fizzbuzz'.length), {
              method: 'GET',
              path: '/fizzbuzz',
              query: request.query,
            });
            const expected = fizzbuzzSpec(request.from, request.to);
            const query = new URLSearchParams(request.query).toString() || '(no query)';
            if (answer.status !== 200)
              wrong.push(`${candidate.id} ${query}: status ${answer.status}, expected 200`);
            else if (!answer.contentType?.startsWith('text/plain'))
              wrong.push(`${candidate.id} ${query}: content-type ${answer.contentType}, expected text/plain`);
            else if (answer.body !== expected) {
              const trailing = answer.body === `${expected}\n` ? ' (a trailing \\n)' : '';
              wrong.push(`${candidate.id} ${query}: the body is not what the spec says${trailing}`);
            }
            if (wrong.length >= 4) break;
          }
        }
        if (wrong.length > 0) {
          return failed(
            wrong.join('; '),
            "reread the spec in challenges/06-fizzbuzz/README.md, fix the candidate's fizzbuzz function, test and deploy it",
          );
        }
        return passed(
          `${candidates.map(({ candidate }) => candidate.id).join(', ')}: ${specRequests.length} requests answered as the spec says`,
        );
      },
    },
    {
      id: 'control-bug-found',
      name: 'the experiment shows where the control is wrong',
      after: ['matches-spec'],
      async run(context) {
        const { experiment, candidates } = context.found.get('written') as Written;
        const scientist = await context.target.scientistUrl();
        // Production asks for single numbers only now and then: ask for one through the scientist too.
        for (const single of ['15', '7']) {
          await sendCase(scientist!, {
            method: 'GET',
            path: '/fizzbuzz',
            query: { from: single, to: single },
          });
        }
        const findings: string[] = [];
        for (const { candidate } of candidates) {
          const { evidence, outcome } = await gatherRuns(context, {
            experiment,
            candidate,
            samples: 20,
            ratePerSecond: 6,
            seconds: 20,
            until: (runs) => runs.some((run) => run.outcome === 'mismatch'),
          });
          if (!outcome.passed) return outcome;
          const mismatches = evidence.runs.filter((run) => run.outcome !== 'match');
          const single = (query: string) => {
            const parameters = new URLSearchParams(query);
            return parameters.has('from') && parameters.get('from') === parameters.get('to');
          };
          const elsewhere = mismatches.filter((run) => run.outcome !== 'mismatch' || !single(run.query));
          if (elsewhere.length > 0) {
            return failed(
              `${candidate.id} differs from the control where the control is right: ${elsewhere
                .slice(0, 3)
                .map((run) => `${run.query || '(no query)'} (${run.outcome})`)
                .join(', ')}`,
              `replay one (the dashboard's curl), fix the candidate and deploy it again`,
            );
          }
          const bug = mismatches.find((run) => single(run.query));
          if (!bug) {
            return failed(
              `${candidate.id} matched the control on all ${evidence.runs.length} requests: no single-number request was compared yet`,
              `send one through the scientist: curl '${scientist}/fizzbuzz?from=15&to=15'`,
            );
          }
          findings.push(
            `${bug.query} → control ${JSON.stringify(bug.control.body ?? '')}, ${candidate.id} ${JSON.stringify(bug.candidate.body ?? '?')} (the control's bug; the candidate is right)`,
          );
        }
        return passed(findings.join('; '));
      },
    },
  ],
};
