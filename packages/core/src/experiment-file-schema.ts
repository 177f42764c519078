import { z } from 'zod';
import { rollout, rolloutGates, servePlan } from './delivery-file-schema.js';
import { text } from './schema-text.js';

/**
 * The shape of an experiments file as written, before defaults and normalisation. It accepts both the
 * tutorial's original form and the tidier one, and is the single source of both validation and the
 * published JSON Schema (so editors complete exactly what the parser accepts).
 *
 * Every leaf carries an `error` that reads as what was expected: the parser turns it into the
 * "expected …" part of a problem.
 */

const percentExpected = 'a percentage from 0 to 100 (e.g. 25 or "25%")';
const percent = z
  .union(
    [
      z
        .number({ error: percentExpected })
        .min(0, { error: percentExpected })
        .max(100, { error: percentExpected }),
      z.string({ error: percentExpected }).regex(/^\s*\d+(\.\d+)?\s*%\s*$/, { error: percentExpected }),
    ],
    { error: percentExpected },
  )
  .meta({ description: 'Share of requests sent to the candidate, 0–100 (sticky per request key).' });

const durationExpected = 'a duration such as 5s, 1500ms or 1m (a bare number means milliseconds)';
const duration = z
  .union(
    [
      z.number({ error: durationExpected }).positive({ error: durationExpected }),
      z
        .string({ error: durationExpected })
        .regex(/^\s*\d+(\.\d+)?\s*(ms|s|m)\s*$/, { error: durationExpected }),
    ],
    { error: durationExpected },
  )
  .meta({ description: 'How long to wait for the candidate: 5s, 1500ms, 1m, or a number of milliseconds.' });

const headerNames = z
  .array(text('a header name'), { error: 'a list of header names' })
  .meta({ description: 'Header names to compare (case-insensitive).' });

export const httpMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

const method = z
  .string({ error: `an HTTP method (${httpMethods.join(', ')}) or ANY` })
  .regex(/^(get|head|post|put|patch|delete|options|any|\*)$/i, {
    error: `an HTTP method (${httpMethods.join(', ')}) or ANY`,
  });

const bodyOptions = z
  .strictObject(
    {
      json: z
        .boolean({ error: 'true or false' })
        .optional()
        .meta({ description: 'Compare JSON bodies structurally (default true); other bodies as text.' }),
      ignorePaths: z
        .array(text('a JSON pointer (/a/0/b) or dotted path (a[0].b); * matches any one segment'), {
          error: 'a list of paths',
        })
        .optional()
        .meta({ description: 'JSON paths left out of the comparison, e.g. /timestamp or items.*.id.' }),
      tolerance: z
        .number({ error: 'a number, zero or more' })
        .min(0, { error: 'a number, zero or more' })
        .optional()
        .meta({ description: 'Numbers within this absolute difference count as equal (default 0).' }),
      unorderedArrays: z
        .boolean({ error: 'true or false' })
        .optional()
        .meta({ description: 'Compare arrays as multisets, ignoring order (default false).' }),
    },
    { error: 'body comparison options' },
  )
  .meta({ description: 'How bodies are compared.' });

const bodyComparator = z
  .union([z.null(), z.boolean(), bodyOptions], {
    error: 'nothing (use defaults), true/false, or a map of body options',
  })
  .meta({ description: 'Compare response bodies.' });

const statusComparator = z
  .union([z.null(), z.boolean()], { error: 'nothing, true or false' })
  .meta({ description: 'Compare status codes.' });

const headersComparator = z.union([z.null(), headerNames], {
  error: 'nothing (names follow as list items) or a list of header names',
});

const comparatorMap = z.strictObject(
  {
    body: bodyComparator.optional(),
    statuscode: statusComparator.optional(),
    statusCode: statusComparator.optional(),
    headers: headersComparator.optional(),
  },
  { error: 'a map of comparators' },
);

const comparatorItem = z.union(
  [
    z.enum(['body', 'statuscode', 'statusCode', 'headers']),
    text('a header name, after headers'),
    comparatorMap,
  ],
  { error: 'a comparator: body, statuscode, headers (or a header name following headers), or a map of one' },
);

const comparators = z
  .union([z.array(comparatorItem), comparatorMap], {
    error: 'a list of comparators (body, statuscode, headers) or a map of them',
  })
  .meta({
    description:
      'What must match: body, statuscode and headers. Default: body and statuscode. A bare header name after `headers` is one of the headers compared.',
  });

const recordSettings = z
  .strictObject(
    {
      bodies: z
        .enum(['all', 'none', 'mismatches'], { error: 'one of all, none, mismatches' })
        .optional()
        .meta({ description: 'Which results keep their bodies (default mismatches).' }),
      redactHeaders: headerNames.optional().meta({
        description:
          'Headers never stored, besides the defaults; authorization, cookie, proxy-authorization and set-cookie are always redacted.',
      }),
      redactQuery: z
        .array(text('a query parameter name'), { error: 'a list of query parameter names' })
        .optional()
        .meta({ description: 'Query parameters never stored, besides the defaults (case-insensitive).' }),
      defaultRedaction: z.boolean({ error: 'true or false' }).optional().meta({
        description:
          'Redact secret-looking headers (x-api-key, x-auth-token, …) and query parameters (token, password, api_key, …); default true.',
      }),
    },
    { error: 'a map with bodies, redactHeaders, redactQuery and defaultRedaction' },
  )
  .meta({ description: 'What is stored with each result.' });

const noisePercent = percent.meta({
  description:
    'Share of requests on which the control runs a second time, as a shadow, to measure the noise floor (control against itself).',
});

const noise = z
  .union(
    [
      noisePercent,
      z.strictObject(
        {
          percent: noisePercent,
          methods: z
            .union([method, z.array(method)], { error: 'an HTTP method or a list of them' })
            .optional()
            .meta({
              description:
                'Methods whose requests may run the control twice (default GET and HEAD); listing others states that the control has no side effects for them.',
            }),
        },
        { error: 'a map with percent and methods' },
      ),
    ],
    { error: `${percentExpected}, or a map with percent and methods` },
  )
  .meta({
    description:
      'The noise floor: the control runs twice on this share of safe requests; fields that differ between the control and itself are noise, and its duration verdict shows how much of a ratio is the machine.',
  });

const variantFields = {
  name: text('a display name').optional().meta({ description: 'Display name (default: the id).' }),
  arn: text('a Lambda function ARN or function name').meta({
    description:
      // biome-ignore lint/suspicious/noTemplateCurlyInString: ${env:NAME} is the file's own placeholder syntax
      'The function to invoke: arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:NAME, or a function name. {AWSREGION}, {AWSACCOUNT_ID} and ${env:NAME} are filled in from the environment.',
  }),
};

const control = z.strictObject(variantFields, { error: 'a map with name and arn' }).meta({
  description: 'The function serving production today; its response is what the client gets.',
});

const candidate = z
  .strictObject(
    {
      ...variantFields,
      sample: percent.optional(),
      samplePercent: percent.optional(),
      timeout: duration.optional(),
      enabled: z.boolean({ error: 'true or false' }).optional().meta({ description: 'Default true.' }),
    },
    { error: 'a map with name and arn' },
  )
  .meta({ description: 'An implementation to compare with the control.' });

const experiment = z
  .strictObject(
    {
      name: text('a display name').optional(),
      path: text('a route path such as round or /sort/numbers').meta({
        description: 'The route this experiment shadows, e.g. round (leading slash optional).',
      }),
      methods: z
        .union([method, z.array(method)], { error: 'an HTTP method or a list of them' })
        .optional()
        .meta({ description: 'HTTP methods shadowed (default: all of them, ANY).' }),
      enabled: z.boolean({ error: 'true or false' }).optional().meta({ description: 'Default true.' }),
      salt: text('a string').optional().meta({
        description: 'Seed of the sticky sampling hash (default: the experiment id). Change it to reshuffle.',
      }),
      sample: percent.optional(),
      samplePercent: percent.optional(),
      timeout: duration.optional(),
      comparators: comparators.optional(),
      record: recordSettings.optional(),
      noise: noise.optional(),
      key: text('header:NAME, cookie:NAME, query:NAME or source-ip').optional().meta({
        description:
          'What makes sampling and canaries sticky: header:NAME, cookie:NAME, query:NAME or source-ip (default).',
      }),
      serve: z
        .record(text('a candidate id'), servePlan, { error: 'a map of candidate id to what it serves' })
        .optional()
        .meta({
          description: 'Candidates that serve some requests, in order: the first that matches serves.',
        }),
      rollout: rollout.optional(),
      control,
      candidates: z
        .record(text('a candidate id'), candidate, { error: 'a map of candidate id to candidate' })
        .meta({ description: 'Candidates by id, e.g. candidate-1.' }),
    },
    { error: 'a map describing one experiment' },
  )
  .meta({ description: 'One experiment: a route, its control and its candidates.' });

export const experimentsFileSchema = z
  .strictObject(
    {
      experiments: z
        .record(text('an experiment id'), experiment, { error: 'a map of experiment id to experiment' })
        .meta({ description: 'Experiments by id, e.g. rounding-float.' }),
    },
    { error: 'a map with the key experiments' },
  )
  .meta({
    title: 'Serverless Scientist experiments',
    description: 'Experiment definitions (experiments.yaml).',
  });

export type ExperimentsFileInput = z.input<typeof experimentsFileSchema>;
export type ExperimentInput = ExperimentsFileInput['experiments'][string];
export type CandidateInput = ExperimentInput['candidates'][string];
export type ComparatorsInput = NonNullable<ExperimentInput['comparators']>;
export type ComparatorMapInput = z.input<typeof comparatorMap>;
export type BodyComparatorInput = z.input<typeof bodyComparator>;
export type NoiseInput = z.input<typeof noise>;
export type ServePlanInput = z.input<typeof servePlan>;
export type RolloutInput = z.input<typeof rollout>;

/** Allowed keys of each closed map, by where it sits; used to suggest the key a misspelling meant. */
export const knownKeys = {
  file: Object.keys(experimentsFileSchema.shape),
  experiment: Object.keys(experiment.shape),
  control: Object.keys(control.shape),
  candidate: Object.keys(candidate.shape),
  comparators: Object.keys(comparatorMap.shape),
  body: Object.keys(bodyOptions.shape),
  record: Object.keys(recordSettings.shape),
  noise: ['percent', 'methods'],
  serve: Object.keys(servePlan.shape),
  targetingRule: ['header', 'cookie', 'query', 'equals'],
  rollout: Object.keys(rollout.shape),
  gates: Object.keys(rolloutGates.shape),
} as const;

/** The JSON Schema editors use to complete and check experiments.yaml. */
export function experimentsJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(experimentsFileSchema, { io: 'input', target: 'draft-07' }) as Record<
    string,
    unknown
  >;
}
