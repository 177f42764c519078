import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { loadServiceDefinition, type ServiceDefinition } from '@serverless-scientist/local-cloud';
import { CliError } from './cli-error.js';

/** One service's CloudFormation stack on AWS, as `serverless deploy` left it. */
export interface DeployedStack {
  service: string;
  stage: string;
  region: string;
  stackName: string;
  /** e.g. CREATE_COMPLETE, UPDATE_ROLLBACK_COMPLETE; `NOT_DEPLOYED` when there is no stack. */
  status: string;
  updatedAt: string | null;
  /** The stack's outputs (ServiceEndpoint, HttpApiUrl, …): URLs are read here, never guessed. */
  outputs: Record<string, string>;
  /** What the service's serverless.yml declares for this stage and region. */
  definition: ServiceDefinition;
}

export function cloudFormation(region: string): CloudFormationClient {
  return new CloudFormationClient({ region, maxAttempts: 3 });
}

/** Reads a service's serverless.yml for a stage and region as `serverless` would name things. */
export async function serviceFor(dir: string, stage: string, region: string): Promise<ServiceDefinition> {
  try {
    return await loadServiceDefinition(dir, { stage, region, env: process.env });
  } catch (error) {
    throw new CliError((error as Error).message, 1, { cause: error });
  }
}

/** The Serverless Framework's stack name for a service and stage. */
export const stackNameOf = (service: string, stage: string) => `${service}-${stage}`;

export async function describeStack(
  client: CloudFormationClient,
  definition: ServiceDefinition,
): Promise<DeployedStack> {
  const stackName = stackNameOf(definition.service, definition.stage);
  const base = { service: definition.service, stage: definition.stage, region: definition.region, stackName };
  try {
    const answer = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    const stack = answer.Stacks?.[0];
    return {
      ...base,
      status: stack?.StackStatus ?? 'NOT_DEPLOYED',
      updatedAt: (stack?.LastUpdatedTime ?? stack?.CreationTime)?.toISOString() ?? null,
      outputs: Object.fromEntries(
        (stack?.Outputs ?? []).map((output) => [output.OutputKey ?? '', output.OutputValue ?? '']),
      ),
      definition,
    };
  } catch (error) {
    if (/does not exist/.test((error as Error).message)) {
      return { ...base, status: 'NOT_DEPLOYED', updatedAt: null, outputs: {}, definition };
    }
    throw new CliError(
      `cannot read stack ${stackName} in ${definition.region}: ${(error as Error).message}`,
      1,
      { cause: error },
    );
  }
}

/** The full URL of a function's first HTTP route, from the stack's API outputs; null without one. */
export function functionUrl(stack: DeployedStack, functionName: string): string | null {
  const route = stack.definition.routes.find((r) => r.functionName === functionName && r.path !== '*');
  if (!route) return null;
  const base = route.kind === 'rest' ? stack.outputs.ServiceEndpoint : stack.outputs.HttpApiUrl;
  if (!base) return null;
  return `${base.replace(/\/+$/, '')}${route.path}`;
}

export const isDeployed = (stack: DeployedStack) =>
  stack.status !== 'NOT_DEPLOYED' && !stack.status.startsWith('DELETE_');
