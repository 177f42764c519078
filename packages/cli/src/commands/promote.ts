import { writeFileSync } from 'node:fs';
import { ExperimentsEditError, parseExperimentsDocument, promoteCandidate } from '@serverless-scientist/core';
import { publishExperiments } from '@serverless-scientist/scientist';
import { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { readExperimentsFile } from '../experiments-file.js';
import { addStoreFlags, type StoreFlags, storeFor } from '../store-flags.js';

function promoted(source: string, shown: string, experimentId: string, candidateId: string): string {
  try {
    return promoteCandidate(parseExperimentsDocument(source), experimentId, candidateId).text;
  } catch (error) {
    if (error instanceof ExperimentsEditError) {
      throw new CliError(
        `${shown}: ${error.message}${error.problems.length ? ` (${error.problems.join('; ')})` : ''}`,
      );
    }
    throw error;
  }
}

/**
 * Promotes in the experiments file and publishes that file, so that the file and the store agree
 * afterwards: a later `experiments upload` cannot silently undo the promotion.
 */
export function promoteCommand(): Command {
  return addStoreFlags(
    new Command('promote')
      .description(
        'make a candidate the control (the old control becomes a candidate), published as a new version',
      )
      .argument('<experiment>', 'experiment id')
      .argument('<candidate>', 'candidate id')
      .option(
        '--file <file>',
        'the experiments file to promote in (default packages/scientist/experiments.yaml)',
      ),
  ).action(async (experimentId: string, candidateId: string, flags: StoreFlags & { file?: string }) => {
    const { file, shown, source } = readExperimentsFile(flags.file);
    const rewritten = promoted(source, shown, experimentId, candidateId);
    const store = await storeFor(flags);
    try {
      const current = await store.currentDefinition();
      const origin = `promote ${experimentId} ${candidateId}`;
      const { check, published } = await publishExperiments(store, rewritten, { file: shown, origin });
      if (!check.ok) {
        for (const problem of check.problems) process.stderr.write(`${problem}\n`);
        throw new CliError(`the promoted ${shown} is not valid; nothing was published or written`);
      }
      writeFileSync(file, rewritten);
      const was = current ? `was ${current.version}` : 'the first';
      process.stdout.write(
        `promoted ${candidateId} to control of ${experimentId} in ${shown}, published as version ${published?.version} (${was})\n`,
      );
      if (current && current.source !== source) {
        process.stdout.write(
          `note: ${shown} differed from stored version ${current.version}; the file, promoted, is what the scientist serves now\n`,
        );
      }
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new CliError(`promote failed: ${(error as Error).message}`, 1, { cause: error });
    } finally {
      store.destroy();
    }
  });
}
