import type { Candidate, Experiment } from '@serverless-scientist/core';
import { failed, passed, type Step, type StepOutcome } from './check.js';
import type { CheckTarget } from './check-target.js';
import { listFunctions } from './deployed-function.js';
import { describeAnswer, type Exchange, type FunctionCase, sendCase } from './function-cases.js';
import { routeAnswer } from './route-answer.js';
import { storedExperimentFor } from './stored-experiments.js';

/** The command that deploys a service directory where the check runs. */
export function deployCommand(target: CheckTarget, dir: string): string {
  return target.kind === 'aws' ? `npx scientist deploy ${dir} --target aws` : `npx scientist deploy ${dir}`;
}

export function uploadCommand(target: CheckTarget): string {
  return target.kind === 'aws'
    ? 'npx scientist experiments upload --target aws'
    : 'npx scientist experiments upload';
}

/** The first step of every check from 2 on: is there a cloud to look at? */
export const cloudStep: Step = {
  id: 'cloud-running',
  name: 'cloud reachable',
  async run({ target }) {
    const reachable = await target.reachable();
    return reachable.ok
      ? passed(reachable.detail)
      : failed(reachable.detail, reachable.hint ?? 'see challenge 1: npx scientist up --bare --detach');
  },
};

/**
 * Is the function deployed: the Lambda API lists it, and its route answers `request` (with
 * `accept` judging the answer; by default any answer that is not a gateway error)? Not
 * verifiable where Lambda answers an invoke without running the code (an AWS mock).
 */
export async function checkDeployed(
  target: CheckTarget,
  options: {
    functionName: string;
    dir: string;
    request: FunctionCase['request'];
    accept?: (answer: Exchange) => string | null;
  },
): Promise<StepOutcome & { answer?: Exchange }> {
  const listed = await listFunctions(target);
  const deploy = deployCommand(target, options.dir);
  if (!listed.has(options.functionName)) {
    return failed(`the Lambda API does not list ${options.functionName}`, `deploy it: ${deploy}`);
  }
  const url = await target.functionUrl(options.functionName);
  if (!url) {
    return failed(
      `${options.functionName} is deployed but has no HTTP route`,
      `check its serverless.yml events, then ${deploy}`,
    );
  }
  const base = url.slice(0, url.length - options.request.path.length);
  const reached = await routeAnswer(target, options.functionName, () => sendCase(base, options.request));
  if (reached.unverifiable) return reached.unverifiable;
  const answer = reached.answered;
  const problem =
    options.accept?.(answer) ?? (answer.status >= 500 ? `its route answers ${describeAnswer(answer)}` : null);
  if (problem) {
    return {
      ...failed(
        `${options.functionName}: ${problem}`,
        `see its log (npx scientist logs ${options.functionName}), fix it, then ${deploy}`,
      ),
      answer,
    };
  }
  return {
    ...passed(
      `${options.functionName} is listed by Lambda and ${answer.url} answers ${describeAnswer(answer)}`,
    ),
    answer,
  };
}

/** The stored experiment for `path` and its candidate that invokes `functionName`, or why not. */
export async function candidateInExperiment(
  target: CheckTarget,
  path: string,
  functionName: string,
): Promise<{ experiment?: Experiment; candidate?: Candidate; outcome: StepOutcome }> {
  const experiment = await storedExperimentFor(target, path);
  if (!experiment) {
    return {
      outcome: failed(
        `no uploaded experiment has path '${path}'`,
        `upload the experiments: ${uploadCommand(target)}`,
      ),
    };
  }
  const candidate = experiment.candidates.find((c) => c.functionName === functionName);
  if (!candidate) {
    return {
      experiment,
      outcome: failed(
        `the uploaded experiment '${experiment.id}' has no candidate invoking ${functionName} (it has ${experiment.candidates.map((c) => c.id).join(', ') || 'none'})`,
        `add it to '${experiment.id}' in packages/scientist/experiments.yaml, then ${uploadCommand(target)}`,
      ),
    };
  }
  return {
    experiment,
    candidate,
    outcome: passed(`experiment '${experiment.id}' runs it as '${candidate.id}' (${candidate.name})`),
  };
}
