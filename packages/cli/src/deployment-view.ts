import { readLiveState } from '@serverless-scientist/local-cloud';
import { type DeploymentView, inspectDeployment } from '@serverless-scientist/scientist';
import { awsRegion } from './aws-region.js';
import { stateDirectory, workspaceRoot } from './local-cloud-client.js';
import type { StoreFlags } from './store-flags.js';

/**
 * The deployment a file goes to, asked through its Lambda API: the running local cloud, or AWS
 * with `--target aws`. Undefined (and said on stderr) when there is nothing to ask.
 */
export async function deploymentFor(flags: StoreFlags, quiet = false): Promise<DeploymentView | undefined> {
  let endpoint = process.env.AWS_ENDPOINT_URL_LAMBDA;
  if (!endpoint && flags.target !== 'aws') {
    const state = await readLiveState(stateDirectory(workspaceRoot()));
    if (!state) return undefined;
    endpoint = state.endpoints.lambda;
  }
  try {
    return await inspectDeployment({
      ...(endpoint ? { endpoint } : {}),
      ...(flags.region || flags.target === 'aws' ? { region: awsRegion(flags.region) } : {}),
      ...(flags.stage ? { stage: flags.stage } : {}),
    });
  } catch (error) {
    if (!quiet)
      process.stderr.write(
        `could not ask the Lambda API which functions exist (${(error as Error).message}); controls not checked\n`,
      );
    return undefined;
  }
}
