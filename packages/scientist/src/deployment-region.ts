import { DEFAULT_REGION } from '@serverless-scientist/core';

/** The region a deployment runs in: as given, else as Lambda and the SDK read it from the environment. */
export function regionFrom(
  environment: Readonly<Record<string, string | undefined>>,
  given?: string,
): string {
  return given ?? environment.AWS_REGION ?? environment.AWS_DEFAULT_REGION ?? DEFAULT_REGION;
}
