import { InvalidValueError } from './errors.js';

/** The instruction set a function runs on; Lambda prices arm64 (Graviton) about 20 % lower. */
export type Architecture = 'x86_64' | 'arm64';

export const ARCHITECTURES: readonly Architecture[] = Object.freeze(['x86_64', 'arm64']);

/** Lambda's on-demand price for one region and architecture, in US dollars. */
export interface LambdaPrice {
  readonly region: string;
  readonly architecture: Architecture;
  /** Price of one GB-second of compute (GB = configured MB ÷ 1024), first tier. */
  readonly perGbSecondUsd: number;
  /** Price of one million requests. */
  readonly perMillionRequestsUsd: number;
}

/**
 * Where the figures come from and when they were read: AWS's published on-demand prices
 * (https://aws.amazon.com/lambda/pricing/), first tier (the first 6 billion GB-seconds a month for
 * x86_64, 7.5 billion for arm64), unchanged since arm64 launched on 2021-09-29. Free tier,
 * ephemeral storage beyond 512 MB and provisioned concurrency are left out: they do not differ
 * between a control and its candidates.
 */
export const LAMBDA_PRICES_SOURCE = Object.freeze({
  url: 'https://aws.amazon.com/lambda/pricing/',
  asOf: '2026-12-01',
  note: 'on-demand, first tier, US dollars; free tier not subtracted',
});

const STANDARD = Object.freeze({
  x86_64: { perGbSecondUsd: 0.0000166667, perMillionRequestsUsd: 0.2 },
  arm64: { perGbSecondUsd: 0.0000133334, perMillionRequestsUsd: 0.2 },
});

/**
 * Regions whose price is AWS's standard one. A few regions (Hong Kong, Cape Town, Bahrain and
 * others) charge more and are not listed rather than guessed.
 */
const STANDARD_REGIONS = Object.freeze([
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-south-1',
]);

export const PRICED_REGIONS: readonly string[] = STANDARD_REGIONS;

/** The price for a region and architecture; an unlisted region is an error naming the listed ones. */
export function lambdaPrice(region: string, architecture: Architecture = 'x86_64'): LambdaPrice {
  if (!ARCHITECTURES.includes(architecture)) {
    throw new InvalidValueError(`architecture '${architecture}' is not one of ${ARCHITECTURES.join(', ')}`);
  }
  if (!STANDARD_REGIONS.includes(region)) {
    throw new InvalidValueError(
      `no Lambda price for region '${region}'; priced regions: ${STANDARD_REGIONS.join(', ')}`,
    );
  }
  return Object.freeze({ region, architecture, ...STANDARD[architecture] });
}
