// @ts-check
// A new candidate joins the experiment that serves its function's path.
import { join } from 'node:path';
import {
  ExperimentsEditError,
  parseExperimentsDocument,
  registerCandidate,
} from '@serverless-scientist/core';
import { CandidateError } from './candidate-error.js';

/** @typedef {import('nx/src/devkit-exports').Tree} Tree */

/**
 * Registers the candidate in the experiments file (relative to the tree's root), if it exists.
 * @param {Tree} tree @param {string} file
 * @param {import('@serverless-scientist/core').CandidateRegistration} registration
 * @returns {{ id: string; candidate: string } | null} the experiment it joined, null when none serves its path
 */
export function addToExperiment(tree, file, registration) {
  if (!tree.isFile(file)) return null;
  const shown = join(tree.root, file);
  try {
    const { document, experiment } = registerCandidate(
      parseExperimentsDocument(tree.read(file, 'utf-8') ?? ''),
      registration,
    );
    if (experiment) tree.write(file, document.text);
    return experiment && { id: experiment.id, candidate: experiment.candidate };
  } catch (error) {
    if (!(error instanceof ExperimentsEditError)) throw error;
    const advice = error.message.includes('already has') ? '; choose another --name' : '';
    throw new CandidateError(`${shown}: ${error.message}${advice}`, { cause: error });
  }
}
