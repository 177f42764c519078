import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Challenge, failed, passed } from '../src/check.js';
import { cloudStep } from '../src/common-steps.js';

/** Packages the tutorial's commands need, each proof that `npm install` ran in this repository. */
const requiredPackages = ['serverless', '@aws-sdk/client-lambda', 'nx', '@serverless-scientist/cli'];

export const challenge1: Challenge = {
  number: 1,
  slug: '01-get-started',
  title: 'Get the code and start the local cloud',
  steps: [
    {
      id: 'toolchains',
      name: 'toolchains installed',
      async run({ target }) {
        const checks = await target.toolchains();
        const missing = checks.filter((check) => check.status === 'fail');
        if (missing.length > 0) {
          return failed(
            `missing: ${missing.map((check) => `${check.name} (${check.detail})`).join('; ')}`,
            missing.map((check) => check.fix ?? `install ${check.name}`).join('; '),
          );
        }
        return passed(checks.map((check) => check.name.replace(/^runtime /, '')).join(', '));
      },
    },
    {
      id: 'dependencies',
      name: 'dependencies installed',
      async run({ target }) {
        const absent = requiredPackages.filter(
          (name) => !existsSync(path.join(target.root, 'node_modules', name, 'package.json')),
        );
        if (absent.length > 0) {
          return failed(`not in node_modules: ${absent.join(', ')}`, 'run `npm install` in the repository');
        }
        return passed(`node_modules has ${requiredPackages.join(', ')}`);
      },
    },
    { ...cloudStep, name: 'cloud running' },
  ],
};
