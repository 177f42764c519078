// @ts-check
// `nx g @serverless-scientist/nx-serverless:candidate <function> --lang <language>`.

import { DEFAULT_EXPERIMENTS_FILE, forkCandidateInTree } from './candidate-fork.js';
import { nextSteps } from './next-steps.js';

/**
 * @typedef {object} CandidateSchema
 * @property {string} function
 * @property {import('./index.js').Language} lang
 * @property {string} [name]
 * @property {string} [experiments]
 * @property {number} [memory]
 */

/**
 * @param {import('nx/src/devkit-exports').Tree} tree
 * @param {CandidateSchema} schema
 */
export default function candidateGenerator(tree, schema) {
  const experimentsFile = schema.experiments ?? DEFAULT_EXPERIMENTS_FILE;
  const forked = forkCandidateInTree(tree, {
    function: schema.function,
    language: schema.lang,
    ...(schema.name === undefined ? {} : { name: schema.name }),
    experimentsFile,
    ...(schema.memory === undefined ? {} : { memory: schema.memory }),
  });
  return () => {
    process.stdout.write(`${nextSteps(forked, schema.function, experimentsFile).join('\n')}\n`);
  };
}
