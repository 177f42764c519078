import {
  GetFunctionConfigurationCommand,
  LambdaClient,
  paginateListFunctions,
  ResourceNotFoundException,
} from '@aws-sdk/client-lambda';
import { DEFAULT_REGION, LOCAL_ACCOUNT_ID, parseLambdaFunction } from '@serverless-scientist/core';
import type { PlaceholderEnv } from '../definition-source.js';
import { regionFrom } from '../deployment-region.js';

/** What `experiments upload` learns from the Lambda API of the place a file goes. */
export interface DeploymentView {
  /** Every function deployed there. */
  readonly functionNames: ReadonlySet<string>;
  /**
   * The placeholder environment the deployed proxy fills experiments from: its variables, region
   * and account (as `lambda/environment.ts` builds it); undefined when no proxy is deployed.
   */
  readonly proxyEnv: PlaceholderEnv | undefined;
}

/**
 * Asks the Lambda API (the local cloud's, or AWS with the default credential chain) which
 * functions exist and how the scientist's proxy is configured. Throws when it cannot be asked.
 */
export async function inspectDeployment(
  options: { endpoint?: string; region?: string; stage?: string } = {},
): Promise<DeploymentView> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const client = new LambdaClient({
    region: regionFrom(process.env, options.region),
    maxAttempts: 2,
    ...(options.endpoint
      ? { endpoint: options.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  });
  try {
    const functionNames = new Set<string>();
    for await (const page of paginateListFunctions({ client }, {}))
      for (const fn of page.Functions ?? []) if (fn.FunctionName) functionNames.add(fn.FunctionName);
    let proxyEnv: PlaceholderEnv | undefined;
    try {
      const proxy = await client.send(
        new GetFunctionConfigurationCommand({ FunctionName: `scientist-${options.stage ?? 'dev'}-proxy` }),
      );
      const { region, accountId: account } = parseLambdaFunction(proxy.FunctionArn ?? '') ?? {};
      const variables = proxy.Environment?.Variables ?? {};
      proxyEnv = {
        ...variables,
        ...(region ? { AWS_REGION: region, AWS_DEFAULT_REGION: region } : {}),
        AWS_ACCOUNT_ID: variables.AWS_ACCOUNT_ID ?? account,
      };
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    return { functionNames, proxyEnv };
  } finally {
    client.destroy();
  }
}

/**
 * Where placeholders are filled from when no deployed proxy can be asked: the shell's
 * environment, with the region serverless.yml defaults to and the local cloud's account.
 */
export function deployerPlaceholderEnv(env: PlaceholderEnv = process.env): PlaceholderEnv {
  return { AWS_REGION: DEFAULT_REGION, AWS_ACCOUNT_ID: LOCAL_ACCOUNT_ID, ...env };
}
