// @ts-check
// The generator run straight on a workspace's files, for `scientist new candidate`.
import { FsTree, flushChanges } from 'nx/src/generators/tree.js';
import { forkCandidateInTree } from './candidate-fork.js';

/**
 * Forks a candidate in the workspace at `root` and writes the files; nothing is written when it fails.
 * @param {string} root
 * @param {import('./index.js').ForkOptions} options
 * @returns {import('./index.js').ForkedCandidate}
 */
export function forkCandidate(root, options) {
  const tree = new FsTree(root, false);
  const forked = forkCandidateInTree(tree, options);
  flushChanges(root, tree.listChanges());
  return forked;
}
