import { z } from 'zod';
import { text } from './schema-text.js';

/**
 * The progressive-delivery parts of an experiments file as written (`serve`, `rollout`): apart
 * from the rest of the file's schema (experiment-file-schema.ts), which includes them.
 */

const longDurationExpected = 'a duration such as 30s, 10m or 1h';
const longDuration = z
  .string({ error: longDurationExpected })
  .regex(/^\s*\d+(\.\d+)?\s*(ms|s|m|h)\s*$/, { error: longDurationExpected });

const percentNumberExpected = 'a percentage from 0 to 100';
const percentNumber = z
  .number({ error: percentNumberExpected })
  .min(0, { error: percentNumberExpected })
  .max(100, { error: percentNumberExpected });

const ruleValue = text('the value to match exactly')
  .optional()
  .meta({ description: 'The value it must have; without it, being present is enough.' });

const targetingRule = z
  .union(
    [
      z.strictObject({ header: text('a header name'), equals: ruleValue }),
      z.strictObject({ cookie: text('a cookie name'), equals: ruleValue }),
      z.strictObject({ query: text('a query parameter name'), equals: ruleValue }),
    ],
    { error: 'a rule such as {header: x-beta, equals: "1"}, {cookie: beta} or {query: beta}' },
  )
  .meta({ description: 'Matches a request by a header, cookie or query parameter (optionally its value).' });

export const servePlan = z
  .strictObject(
    {
      when: z
        .array(targetingRule, { error: 'a list of targeting rules' })
        .optional()
        .meta({ description: 'Any rule that matches serves this candidate.' }),
      percent: percentNumber
        .optional()
        .meta({ description: 'Sticky canary: this share of request keys, stable per key.' }),
    },
    { error: 'a map with when and percent' },
  )
  .meta({
    description:
      "Which requests this candidate serves: its answer goes to the client instead of the control's.",
  });

export const rolloutGates = z
  .strictObject(
    {
      minSamples: z
        .number({ error: 'a whole number of samples' })
        .int({ error: 'a whole number of samples' })
        .min(1, { error: 'a whole number of samples' })
        .optional()
        .meta({ description: 'Compared samples per step; fewer → wait.' }),
      matchRate: percentNumber
        .optional()
        .meta({ description: "Percent: the 95% interval's lower bound of the match rate must reach it." }),
      errorRate: percentNumber.optional().meta({
        description: "Percent: the 95% interval's upper bound of errors and timeouts must stay under it.",
      }),
      latency: z
        .literal('not-slower', { error: 'not-slower' })
        .optional()
        .meta({ description: 'The paired duration verdict must not be slower.' }),
    },
    { error: 'a map of gates: minSamples, matchRate, errorRate, latency' },
  )
  .meta({ description: 'What each step must show before the next; gates left out are off.' });

export const rollout = z
  .strictObject(
    {
      candidate: text('a candidate id of this experiment'),
      steps: z
        .array(percentNumber, { error: 'a list of percentages, rising, the last 100' })
        .meta({ description: 'Percent served at each step, in order; the last is 100.' }),
      every: longDuration.meta({ description: 'Least time at each step before it may advance.' }),
      gates: rolloutGates.optional(),
      onFailure: z
        .enum(['rollback', 'pause'], { error: 'rollback or pause' })
        .optional()
        .meta({ description: 'What a failing gate does (default rollback).' }),
      keepOldControl: longDuration
        .optional()
        .meta({ description: 'After promotion the old control shadows this long (default 1h).' }),
    },
    { error: 'a map with candidate, steps, every and gates' },
  )
  .meta({ description: 'A staged rollout of one candidate that promotes or rolls back itself.' });
