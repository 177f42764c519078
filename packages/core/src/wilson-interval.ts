import { InvalidValueError } from './errors.js';
import { normalQuantile } from './normal-distribution.js';

export interface Interval {
  readonly estimate: number;
  readonly low: number;
  readonly high: number;
}

/**
 * The Wilson score interval for a proportion (e.g. the match rate): unlike the plain normal
 * interval it stays within 0–1 and behaves at 0 % and 100 % and with few trials. With no trials
 * nothing is known: estimate 0, interval 0–1.
 */
export function wilsonInterval(successes: number, trials: number, confidence = 0.95): Interval {
  if (!(Number.isInteger(trials) && trials >= 0 && Number.isInteger(successes) && successes >= 0)) {
    throw new InvalidValueError(`${successes} of ${trials}: counts must be whole numbers, zero or more`);
  }
  if (successes > trials) throw new InvalidValueError(`${successes} successes is more than ${trials} trials`);
  if (!(confidence > 0 && confidence < 1))
    throw new InvalidValueError(`confidence ${confidence} is not in (0, 1)`);
  if (trials === 0) return Object.freeze({ estimate: 0, low: 0, high: 1 });
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = successes / trials;
  const z2n = (z * z) / trials;
  const centre = (p + z2n / 2) / (1 + z2n);
  const margin = (z * Math.sqrt((p * (1 - p)) / trials + z2n / (4 * trials))) / (1 + z2n);
  return Object.freeze({
    estimate: p,
    low: Math.max(0, centre - margin),
    high: Math.min(1, centre + margin),
  });
}
