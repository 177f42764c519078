import { type Challenge, passed, type Step } from '../src/check.js';
import { checkDeployed, cloudStep } from '../src/common-steps.js';
import { answerDifference, describeAnswer, describeRequest, functionCases } from '../src/function-cases.js';

export const controlFunctions = ['round', 'sort', 'fizzbuzz', 'pbkdf2'] as const;

function controlStep(fn: (typeof controlFunctions)[number]): Step {
  return {
    id: `control-${fn}`,
    name: `control-${fn} deployed`,
    after: ['cloud-running'],
    async run({ target }) {
      const documented = functionCases(target.root, fn)[0]!;
      const expected = {
        status: documented.response.status,
        contentType: documented.response.headers?.['content-type'] ?? null,
        body: documented.response.body ?? '',
      };
      const outcome = await checkDeployed(target, {
        functionName: `control-${fn}`,
        dir: `functions/${fn}/control-node`,
        request: documented.request,
        accept: (answer) => {
          const difference = answerDifference(expected, answer);
          return difference ? `${describeRequest(documented.request)} answers ${difference}` : null;
        },
      });
      if (!outcome.passed || !outcome.answer) return outcome;
      return passed(
        `${describeRequest(documented.request)} → ${describeAnswer(outcome.answer)}, as documented`,
      );
    },
  };
}

export const challenge2: Challenge = {
  number: 2,
  slug: '02-deploy-the-controls',
  title: 'Deploy the controls',
  steps: [cloudStep, ...controlFunctions.map(controlStep)],
};
