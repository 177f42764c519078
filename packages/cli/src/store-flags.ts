import { readLiveState } from '@serverless-scientist/local-cloud';
import { openStore, tableNameFor } from '@serverless-scientist/scientist';
import type { Command } from 'commander';
import { awsRegion, regionOptionHelp } from './aws-region.js';
import { CliError } from './cli-error.js';
import { stateDirectory, workspaceRoot } from './local-cloud-client.js';

/** Where `scientist` finds the store: flags first, then the running local cloud, else AWS. */
export interface StoreFlags {
  endpoint?: string;
  table?: string;
  stage?: string;
  region?: string;
  target?: string;
}

export function addStoreFlags(command: Command): Command {
  return command
    .option('--target <target>', 'local (the running local cloud) or aws', 'local')
    .option('--endpoint <url>', 'DynamoDB endpoint (default: the running local cloud)')
    .option('--table <name>', 'the scientist table (default scientist-dev)')
    .option('--stage <stage>', 'the stage the scientist is deployed to: its table is scientist-<stage>')
    .option('--region <region>', regionOptionHelp);
}

export async function storeFor(flags: StoreFlags) {
  let endpoint = flags.endpoint ?? process.env.AWS_ENDPOINT_URL_DYNAMODB;
  if (!endpoint && flags.target !== 'aws') {
    const root = workspaceRoot();
    const state = await readLiveState(stateDirectory(root));
    if (!state) {
      throw new CliError(
        'no local cloud runs here; start one with `scientist up --detach`, or pass --target aws',
      );
    }
    endpoint = state.endpoints.dynamodb;
  }
  const tableName = tableOf(flags);
  return openStore({
    ...(endpoint ? { endpoint } : {}),
    ...(tableName ? { tableName } : {}),
    ...(flags.region || flags.target === 'aws' ? { region: awsRegion(flags.region) } : {}),
  });
}

/** The table the flags name, if they name one: `--table` as given, or the stage's own. */
function tableOf(flags: StoreFlags): string | undefined {
  const staged = flags.stage === undefined ? undefined : tableNameFor(flags.stage);
  if (flags.table && staged && flags.table !== staged) {
    throw new CliError(
      `--table ${flags.table} and --stage ${flags.stage} (table ${staged}) name different tables; pass one of them`,
    );
  }
  return flags.table ?? staged;
}
