/** The region serverless.yml deploys to unless told otherwise, and the local cloud's default. */
export const DEFAULT_REGION = 'eu-west-1';

/** The account id the local cloud gives every ARN (docs/architecture.md). */
export const LOCAL_ACCOUNT_ID = '000000000000';

/** The region a deployment runs in: as given, else as Lambda and the SDK read it from the environment. */
export function regionFrom(
  environment: Readonly<Record<string, string | undefined>>,
  given?: string,
): string {
  return given ?? environment.AWS_REGION ?? environment.AWS_DEFAULT_REGION ?? DEFAULT_REGION;
}
