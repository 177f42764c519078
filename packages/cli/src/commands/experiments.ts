import { checkExperiments, publishExperiments } from '@serverless-scientist/scientist';
import { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { countLine, problemsError, readExperimentsFile } from '../experiments-file.js';
import { addStoreFlags, type StoreFlags, storeFor } from '../store-flags.js';

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
