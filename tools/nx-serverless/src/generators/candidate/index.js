// @ts-check
// The candidate generator's API for programs (the CLI's `new candidate`).
export { CandidateError } from './candidate-error.js';
export { DEFAULT_EXPERIMENTS_FILE } from './candidate-fork.js';
export { forkCandidate } from './fork-on-disk.js';
export { memorySizeProblem } from './memory-size.js';
export { nextSteps } from './next-steps.js';
export { alignTable } from './readme-table.js';
export { candidateLanguages } from './variants.js';
