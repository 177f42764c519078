import { readLiveState } from '@serverless-scientist/local-cloud';
import {
  type CheckOptions,
  checkExperiments,
  type DeploymentView,
  deployerPlaceholderEnv,
  inspectDeployment,
  publishExperiments,
} from '@serverless-scientist/scientist';
import { Command } from 'commander';
import { awsRegion, regionOptionHelp } from '../aws-region.js';
import { CliError } from '../cli-error.js';
import { countLine, problemsError, readExperimentsFile } from '../experiments-file.js';
import { stateDirectory, workspaceRoot } from '../local-cloud-client.js';
import { addStoreFlags, type StoreFlags, storeFor } from '../store-flags.js';

/**
 * The deployment a file goes to, asked through its Lambda API: the running local cloud, or AWS
 * with `--target aws`. Undefined (and said on stderr) when there is nothing to ask.
 */
async function deploymentFor(flags: StoreFlags, quiet = false): Promise<DeploymentView | undefined> {
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
    });
  } catch (error) {
    if (!quiet)
      process.stderr.write(
        `could not ask the Lambda API which functions exist (${(error as Error).message}); controls not checked\n`,
      );
    return undefined;
  }
}

/** The one resolution `validate` and `upload` share: as the deployed proxy fills placeholders. */
function checkOptions(deployment: DeploymentView | undefined, force: boolean): CheckOptions {
  return {
    env: deployment?.proxyEnv ?? deployerPlaceholderEnv(),
    ...(deployment && !force ? { deployedFunctions: deployment.functionNames } : {}),
  };
}

export function experimentsCommand(): Command {
  const command = new Command('experiments').description(
    'check or publish the experiment definitions (default packages/scientist/experiments.yaml)',
  );
  command
    .command('validate')
    .description(
      'check an experiments file as the proxy will read it (placeholders filled in, the controls deployed); problems are printed as file:line:col',
    )
    .argument('[file]', 'experiments file')
    .option('--target <target>', 'local (the running local cloud, if any) or aws', 'local')
    .option('--region <region>', regionOptionHelp)
    .action(async (file: string | undefined, flags: StoreFlags) => {
      const { shown, bytes } = readExperimentsFile(file);
      const check = checkExperiments(bytes, shown, checkOptions(await deploymentFor(flags, true), false));
      if (!check.ok) throw problemsError(shown, check.problems, 'see the lines above');
      process.stdout.write(`${shown}: valid (${countLine(check.experiments)})\n`);
    });
  addStoreFlags(
    command
      .command('upload')
      .description(
        'validate and publish an experiments file as the next version; the proxy picks it up within 5 s',
      )
      .argument('[file]', 'experiments file')
      .option('--force', 'publish even when a control does not exist where the file goes'),
  ).action(async (file: string | undefined, flags: StoreFlags & { force?: boolean }) => {
    const { shown, bytes } = readExperimentsFile(file);
    const options = checkOptions(await deploymentFor(flags), flags.force === true);
    const check = checkExperiments(bytes, shown, options);
    if (!check.ok) throw problemsError(shown, check.problems, 'not uploaded');
    const store = await storeFor(flags);
    try {
      const { published } = await publishExperiments(store, bytes, { file: shown, ...options });
      process.stdout.write(
        `uploaded ${shown} as version ${published?.version} (${countLine(check.experiments)})\n`,
      );
    } catch (error) {
      throw new CliError(`upload failed: ${(error as Error).message}`, 1, { cause: error });
    } finally {
      store.destroy();
    }
  });
  return command;
}
