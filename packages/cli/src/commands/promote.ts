import { DefinitionError, promoteCandidate, publishExperiments } from '@serverless-scientist/scientist';
import { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { addStoreFlags, type StoreFlags, storeFor } from '../store-flags.js';

export function promoteCommand(): Command {
  return addStoreFlags(
    new Command('promote')
      .description(
        'make a candidate the control (the old control becomes a candidate), published as a new version',
      )
      .argument('<experiment>', 'experiment id')
      .argument('<candidate>', 'candidate id'),
  ).action(async (experimentId: string, candidateId: string, flags: StoreFlags) => {
    const store = await storeFor(flags);
    try {
      const current = await store.currentDefinition();
      if (!current)
        throw new CliError('no experiments uploaded yet; run `scientist experiments upload` first');
      let promoted: string;
      try {
        promoted = promoteCandidate(current.source, experimentId, candidateId);
      } catch (error) {
        if (error instanceof DefinitionError) {
          throw new CliError(
            `${error.message}${error.problems.length ? ` (${error.problems.join('; ')})` : ''}`,
          );
        }
        throw error;
      }
      const origin = `promote ${experimentId} ${candidateId}`;
      const { check, published } = await publishExperiments(store, promoted, {
        file: 'promoted definitions',
        origin,
      });
      if (!check.ok) {
        for (const problem of check.problems) process.stderr.write(`${problem}\n`);
        throw new CliError('the promoted definitions are not valid; nothing was published');
      }
      process.stdout.write(
        `promoted ${candidateId} to control of ${experimentId}: version ${published?.version} (was ${current.version})\n`,
      );
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new CliError(`promote failed: ${(error as Error).message}`, 1, { cause: error });
    } finally {
      store.destroy();
    }
  });
}
