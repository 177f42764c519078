import { LambdaClient } from '@aws-sdk/client-lambda';
import type { CheckTarget } from '@serverless-scientist/challenges';
import { DEFAULT_REGION } from '@serverless-scientist/core';
import {
  type LocalCloudState,
  loadServiceDefinition,
  readLiveState,
} from '@serverless-scientist/local-cloud';
import { openStore, tableNameFor } from '@serverless-scientist/scientist';
import { awsRegion } from './aws-region.js';
import { endpointsDocument } from './endpoints-document.js';
import { cloudStatus, deployedServices, discoverServices, stateDirectory } from './local-cloud-client.js';
import { toolchainChecks } from './toolchain-checks.js';

/** The local cloud accepts any credentials; the SDK only wants some to sign with. */
const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Checks against the running local cloud: its Lambda and DynamoDB endpoints, its gateway's routes. */
export function localCheckTarget(root: string, stage = 'dev'): CheckTarget {
  const stateDir = stateDirectory(root);
  let state: LocalCloudState | undefined;
  let lambda: LambdaClient | undefined;
  let store: ReturnType<typeof openStore> | undefined;
  const live = async () => {
    state ??= await readLiveState(stateDir);
    return state;
  };
  const running = () => {
    if (!state)
      throw new Error('no local cloud runs here; start one with `npx scientist up --bare --detach`');
    return state;
  };
  const document = async () => {
    const current = running();
    return endpointsDocument(current, await deployedServices(current), root);
  };
  return {
    kind: 'local',
    root,
    stage,
    async reachable() {
      const current = await live();
      if (!current) {
        return {
          ok: false,
          detail: 'no local cloud runs here',
          hint: 'start it: npx scientist up --bare --detach',
        };
      }
      await cloudStatus(current);
      return { ok: true, detail: `local cloud (pid ${current.pid}) at ${current.endpoints.gateway}` };
    },
    lambda() {
      lambda ??= new LambdaClient({
        endpoint: running().endpoints.lambda,
        region: DEFAULT_REGION,
        credentials: localCredentials,
        maxAttempts: 1,
      });
      return lambda;
    },
    async functionUrl(name) {
      return (await document()).functions[name]?.url ?? null;
    },
    async scientistUrl() {
      return (await document()).scientist;
    },
    store() {
      store ??= openStore({ endpoint: running().endpoints.dynamodb });
      return store;
    },
    toolchains: toolchainChecks,
    async cpuQuota() {
      const { cpuQuota } = await cloudStatus(running());
      return {
        available: cpuQuota.available,
        detail: cpuQuota.available
          ? `${cpuQuota.mechanism}: CPU in proportion to memory`
          : `no CPU quota (${cpuQuota.detail})`,
      };
    },
    close() {
      lambda?.destroy();
      store?.destroy();
    },
  };
}

/**
 * Checks against an AWS deployment: the same Lambda and DynamoDB calls with AWS's endpoints,
 * routes from each stack's `ServiceEndpoint` output, results from the deployed table.
 */
export function awsCheckTarget(root: string, options: { region?: string; stage?: string } = {}): CheckTarget {
  const region = awsRegion(options.region);
  const stage = options.stage ?? 'dev';
  let lambda: LambdaClient | undefined;
  let store: ReturnType<typeof openStore> | undefined;
  const endpoints = new Map<string, Promise<string | null>>();
  const serviceEndpoint = (stack: string) => {
    let found = endpoints.get(stack);
    if (!found) {
      found = stackOutput(region, stack, 'ServiceEndpoint');
      endpoints.set(stack, found);
    }
    return found;
  };
  const client = () => {
    lambda ??= new LambdaClient({ region, maxAttempts: 2 });
    return lambda;
  };
  return {
    kind: 'aws',
    root,
    stage,
    async reachable() {
      try {
        const { ListFunctionsCommand } = await import('@aws-sdk/client-lambda');
        await client().send(new ListFunctionsCommand({ MaxItems: 1 }));
        return { ok: true, detail: `AWS Lambda answers in ${region} with these credentials` };
      } catch (error) {
        return {
          ok: false,
          detail: `AWS Lambda in ${region}: ${(error as Error).message}`,
          hint: `configure credentials (aws configure, or AWS_PROFILE) and the region (AWS_REGION, default ${DEFAULT_REGION})`,
        };
      }
    },
    lambda: client,
    async functionUrl(name) {
      for (const dir of await discoverServices(root)) {
        const definition = await loadServiceDefinition(dir, { stage, region });
        const route = definition.routes.find((r) => r.functionName === name && r.kind === 'rest');
        if (!route) continue;
        const base = await serviceEndpoint(`${definition.service}-${stage}`);
        return base ? `${base}${route.path}` : null;
      }
      return null;
    },
    scientistUrl: () => serviceEndpoint(`scientist-${stage}`),
    store() {
      store ??= openStore({ region, tableName: tableNameFor(stage) });
      return store;
    },
    toolchains: toolchainChecks,
    async cpuQuota() {
      return { available: true, detail: 'on AWS Lambda CPU grows with memory (1,769 MB = one vCPU)' };
    },
    close() {
      lambda?.destroy();
      store?.destroy();
    },
  };
}

async function stackOutput(region: string, stack: string, key: string): Promise<string | null> {
  const { CloudFormationClient, DescribeStacksCommand } = await import('@aws-sdk/client-cloudformation');
  const cloudFormation = new CloudFormationClient({ region });
  try {
    const { Stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: stack }));
    return Stacks?.[0]?.Outputs?.find((output) => output.OutputKey === key)?.OutputValue ?? null;
  } catch {
    return null;
  } finally {
    cloudFormation.destroy();
  }
}
