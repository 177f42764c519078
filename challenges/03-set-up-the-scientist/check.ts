import { controlFunctions } from '../02-deploy-the-controls/check.js';
import { type Challenge, failed, passed, type Step } from '../src/check.js';
import { cloudStep, deployCommand, uploadCommand } from '../src/common-steps.js';
import { listFunctions } from '../src/deployed-function.js';
import {
  answerDifference,
  describeAnswer,
  describeRequest,
  functionCases,
  sendCase,
} from '../src/function-cases.js';
import { routeAnswer } from '../src/route-answer.js';
import { storedExperimentFor, storedExperiments } from '../src/stored-experiments.js';

function throughScientistStep(fn: (typeof controlFunctions)[number]): Step {
  return {
    id: `experiment-${fn}`,
    name: `/${fn} through the scientist answers as its control`,
    after: ['scientist-deployed', 'experiments-uploaded'],
    async run({ target }) {
      const experiment = await storedExperimentFor(target, fn);
      if (!experiment) {
        return failed(
          `no uploaded experiment has path '${fn}'`,
          `upload the experiments: ${uploadCommand(target)}`,
        );
      }
      const controlUrl = await target.functionUrl(experiment.control.functionName);
      if (!controlUrl) {
        return failed(
          `the control ${experiment.control.functionName} has no route to compare with`,
          `deploy it (challenge 2): ${deployCommand(target, `functions/${fn}/control-node`)}`,
        );
      }
      const scientist = (await target.scientistUrl())!;
      const differences: string[] = [];
      const cases = functionCases(target.root, fn).slice(0, 3);
      for (const documented of cases) {
        const direct = await routeAnswer(target, experiment.control.functionName, () =>
          sendCase(
            controlUrl.slice(0, controlUrl.length - documented.request.path.length),
            documented.request,
          ),
        );
        if (direct.unverifiable) return direct.unverifiable;
        const proxied = await routeAnswer(target, `scientist-${target.stage}-proxy`, () =>
          sendCase(scientist, documented.request),
        );
        if (proxied.unverifiable) return proxied.unverifiable;
        const difference = answerDifference(direct.answered, proxied.answered);
        if (difference) differences.push(`${describeRequest(documented.request)}: ${difference}`);
      }
      if (differences.length > 0) {
        return failed(
          `through ${scientist}/${fn} ${differences.join('; ')}`,
          `see the proxy's log: npx scientist logs scientist-${target.stage}-proxy`,
        );
      }
      const first = cases[0]!;
      const sample = await sendCase(scientist, first.request);
      return passed(
        `${cases.length} documented requests answered byte for byte as ${experiment.control.functionName} does (e.g. ${describeRequest(first.request)} → ${describeAnswer(sample)})`,
      );
    },
  };
}

export const challenge3: Challenge = {
  number: 3,
  slug: '03-set-up-the-scientist',
  title: 'Set up the scientist',
  steps: [
    cloudStep,
    {
      id: 'scientist-deployed',
      name: 'scientist deployed',
      after: ['cloud-running'],
      async run({ target }) {
        const listed = await listFunctions(target);
        const names = ['proxy', 'runner', 'rollouts', 'api'].map((fn) => `scientist-${target.stage}-${fn}`);
        const missing = names.filter((name) => !listed.has(name));
        const hint = `build and deploy it: ${target.kind === 'aws' ? 'npx nx run scientist:deploy -c aws' : 'npx nx run scientist:deploy'}`;
        if (missing.length > 0) return failed(`the Lambda API does not list ${missing.join(', ')}`, hint);
        const url = await target.scientistUrl();
        if (!url) return failed('the scientist has no URL yet', hint);
        return passed(`${names.join(', ')} listed; served at ${url}`);
      },
    },
    {
      id: 'dashboard-served',
      name: 'dashboard served',
      after: ['scientist-deployed'],
      async run({ target }) {
        const url = `${(await target.scientistUrl())!}/_scientist/`;
        const dashboard = await routeAnswer(target, `scientist-${target.stage}-api`, () =>
          fetch(url, { signal: AbortSignal.timeout(30_000) }),
        );
        if (dashboard.unverifiable) return dashboard.unverifiable;
        if (!dashboard.answered.ok) {
          return failed(
            `its dashboard ${url} answers ${dashboard.answered.status}`,
            `see npx scientist logs scientist-${target.stage}-api`,
          );
        }
        return passed(`the dashboard answers at ${url}`);
      },
    },
    {
      id: 'experiments-uploaded',
      name: 'experiments uploaded',
      after: ['cloud-running'],
      async run({ target }) {
        const stored = await storedExperiments(target);
        if (!stored) {
          return failed('the store holds no experiment definitions', `upload them: ${uploadCommand(target)}`);
        }
        return passed(
          `version ${stored.version}: ${stored.experiments.map((e) => `${e.id} (/${e.path})`).join(', ')}`,
        );
      },
    },
    ...controlFunctions.map(throughScientistStep),
  ],
};
