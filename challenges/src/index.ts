// The tutorial's public API: its seven challenges and the check runner `scientist check` uses.
import { challenge1 } from '../01-get-started/check.js';
import { challenge2 } from '../02-deploy-the-controls/check.js';
import { challenge3 } from '../03-set-up-the-scientist/check.js';
import { challenge4 } from '../04-round-candidate/check.js';
import { challenge5 } from '../05-fix-sort/check.js';
import { challenge6 } from '../06-fizzbuzz/check.js';
import { challenge7 } from '../07-memory-size/check.js';
import type { Challenge } from './check.js';

export {
  type Challenge,
  type CheckContext,
  type CheckReport,
  formatCheckReport,
  runCheck,
  type Step,
  type StepOutcome,
  type StepReport,
} from './check.js';
export type { CheckTarget, ResultsStore, ToolchainCheck } from './check-target.js';

/** The track, in order: challenge N is `challenges[N - 1]`. */
export const challenges: readonly Challenge[] = Object.freeze([
  challenge1,
  challenge2,
  challenge3,
  challenge4,
  challenge5,
  challenge6,
  challenge7,
]);
