import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readLiveState } from '@serverless-scientist/local-cloud';
import { checkExperiments, openStore, publishExperiments } from '@serverless-scientist/scientist';
import { Command } from 'commander';
import { awsRegion } from '../aws-region.js';
import { CliError } from '../cli-error.js';
import { stateDirectory, workspaceRoot } from '../local-cloud-client.js';
import { afterDeployHooks } from './up.js';

/** Where `scientist` finds the store: flags first, then the running local cloud, else AWS. */
export interface StoreFlags {
  endpoint?: string;
  table?: string;
  region?: string;
  target?: string;
}

export function addStoreFlags(command: Command): Command {
  return command
    .option('--target <target>', 'local (the running local cloud) or aws', 'local')
    .option('--endpoint <url>', 'DynamoDB endpoint (default: the running local cloud)')
    .option('--table <name>', 'the scientist table (default scientist-dev)')
    .option('--region <region>', 'AWS region (default AWS_REGION or eu-west-1)');
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
  return openStore({
    ...(endpoint ? { endpoint } : {}),
    ...(flags.table ? { tableName: flags.table } : {}),
    ...(flags.region || flags.target === 'aws' ? { region: awsRegion(flags.region) } : {}),
  });
}

export function defaultExperimentsFile(root = workspaceRoot()): string {
  return path.join(root, 'packages', 'scientist', 'experiments.yaml');
}

function readExperimentsFile(file: string | undefined): { file: string; shown: string; source: string } {
  const resolved = path.resolve(file ?? defaultExperimentsFile());
  const relative = path.relative(process.cwd(), resolved);
  const shown = relative && !relative.startsWith('..') ? relative : resolved;
  try {
    return { file: resolved, shown, source: readFileSync(resolved, 'utf8') };
  } catch (error) {
    throw new CliError(
      `cannot read ${shown}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      1,
      {
        cause: error,
      },
    );
  }
}

function countLine(experiments: readonly { candidates: readonly unknown[] }[]): string {
  const candidates = experiments.reduce((sum, experiment) => sum + experiment.candidates.length, 0);
  return `${experiments.length} experiment${experiments.length === 1 ? '' : 's'}, ${candidates} candidate${candidates === 1 ? '' : 's'}`;
}

function problemsError(shown: string, problems: readonly string[], verb: string): CliError {
  for (const problem of problems) process.stderr.write(`${problem}\n`);
  return new CliError(
    `${shown} is not valid (${problems.length} problem${problems.length === 1 ? '' : 's'}); ${verb}`,
  );
}

/** Uploads the default experiments file into a freshly started local cloud (a `scientist up` step). */
afterDeployHooks.push(async ({ root, cloud, services, log }) => {
  if (!services.some((service) => service.service === 'scientist')) return;
  const { shown, source } = readExperimentsFile(defaultExperimentsFile(root));
  const store = openStore({ endpoint: cloud.endpoints.dynamodb });
  try {
    const { check, published } = await publishExperiments(store, source, { file: shown });
    if (!check.ok) throw problemsError(shown, check.problems, 'not uploaded');
    log(`uploaded ${shown} as version ${published?.version} (${countLine(check.experiments)})`);
  } finally {
    store.destroy();
  }
});

export function experimentsCommand(): Command {
  const command = new Command('experiments').description(
    'check or publish the experiment definitions (default packages/scientist/experiments.yaml)',
  );
  command
    .command('validate')
    .description('check an experiments file; problems are printed as file:line:col')
    .argument('[file]', 'experiments file')
    .action((file: string | undefined) => {
      const { shown, source } = readExperimentsFile(file);
      const check = checkExperiments(source, shown);
      if (!check.ok) throw problemsError(shown, check.problems, 'see the lines above');
      process.stdout.write(`${shown}: valid (${countLine(check.experiments)})\n`);
    });
  addStoreFlags(
    command
      .command('upload')
      .description(
        'validate and publish an experiments file as the next version; the proxy picks it up within 5 s',
      )
      .argument('[file]', 'experiments file'),
  ).action(async (file: string | undefined, flags: StoreFlags) => {
    const { shown, source } = readExperimentsFile(file);
    const check = checkExperiments(source, shown);
    if (!check.ok) throw problemsError(shown, check.problems, 'not uploaded');
    const store = await storeFor(flags);
    try {
      const { published } = await publishExperiments(store, source, { file: shown });
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
