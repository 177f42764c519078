// @ts-check
// The Nx plugin: every functions/**/serverless.yml is a project named after its service, with
// targets inferred from its runtime. No project.json per variant.
import { dirname } from 'node:path';
import { readService } from './service.js';
import { targetsFor } from './targets.js';

export { readService } from './service.js';
export { findServiceFiles } from './service-files.js';
export { targetsFor } from './targets.js';

/** @type {import('nx/src/devkit-exports').CreateNodesV2} */
export const createNodesV2 = [
  'functions/**/serverless.yml',
  async (files, _options, context) =>
    files.map((file) => {
      const service = readService(context.workspaceRoot, file);
      const root = dirname(file);
      return [
        file,
        {
          projects: {
            [root]: {
              name: service.name,
              root,
              projectType: 'application',
              tags: ['type:function', `lang:${service.language}`, `function:${service.functionName}`],
              targets: targetsFor(service),
            },
          },
        },
      ];
    }),
];
