import { copyFileSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import {
  type CheckOptions,
  checkExperiments,
  type DeploymentView,
  deployerPlaceholderEnv,
  publishExperiments,
} from '@serverless-scientist/scientist';
import { Command } from 'commander';
import { regionOptionHelp } from '../aws-region.js';
import { CliError } from '../cli-error.js';
import { deploymentFor } from '../deployment-view.js';
import { countLine, experimentsFilePath, problemsError, readExperimentsFile } from '../experiments-file.js';
import { addStoreFlags, type StoreFlags, storeFor } from '../store-flags.js';
import { storedChangesMissing } from '../stored-changes-guard.js';
import { pulledText, withoutMarkers } from '../stored-version-marker.js';

/** How many stored versions `pull` recognises a file by before it calls the file's text unknown. */
const KNOWN_VERSIONS = 20;

function readIfPresent(file: string, shown: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CliError(
      `cannot read ${shown}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      1,
      {
        cause: error,
      },
    );
  }
}

/** Whole or not at all: a pull interrupted halfway must not leave half a file. */
function writeWhole(file: string, shown: string, text: string): void {
  const partial = `${file}.${process.pid}.partial`;
  try {
    writeFileSync(partial, text);
    renameSync(partial, file);
  } catch (error) {
    throw new CliError(
      `cannot write ${shown}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      1,
      {
        cause: error,
      },
    );
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
    'check, publish or pull the experiment definitions (default packages/scientist/experiments.yaml)',
  );
  command
    .command('validate')
    .description(
      'check an experiments file as the proxy will read it (placeholders filled in, the controls deployed); problems are printed as file:line:col',
    )
    .argument('[file]', 'experiments file')
    .option('--target <target>', 'local (the running local cloud, if any) or aws', 'local')
    .option('--region <region>', regionOptionHelp)
    .option('--stage <stage>', "the stage whose proxy's environment fills the placeholders (default dev)")
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
        "validate and publish an experiments file as the next version; the proxy picks it up within 5 s. Refuses a file that lacks versions the scientist stored itself since the file's version (a rollout's promotion), naming them",
      )
      .argument('[file]', 'experiments file')
      .option(
        '--force',
        "publish even when a control does not exist where the file goes, or when the file lacks versions the scientist stored itself (a rollout's promotion: `experiments pull` brings them into the file)",
      ),
  ).action(async (file: string | undefined, flags: StoreFlags & { force?: boolean }) => {
    const { shown, bytes } = readExperimentsFile(file);
    const options = checkOptions(await deploymentFor(flags), flags.force === true);
    const check = checkExperiments(bytes, shown, options);
    if (!check.ok) throw problemsError(shown, check.problems, 'not uploaded');
    const store = await storeFor(flags);
    try {
      const unpulled = await storedChangesMissing(store, shown, check.source, check.experiments, options.env);
      if (unpulled) {
        const lines = flags.force ? [...unpulled.lines, 'publishing over them (--force)'] : unpulled.lines;
        process.stderr.write(`${lines.join('\n')}\n`);
        if (!flags.force) {
          throw new CliError(
            `${shown} is older than stored version ${unpulled.newest}; not uploaded. Run \`scientist experiments pull\` to bring the stored changes into the file, or pass --force to publish over them`,
          );
        }
      }
      const { published } = await publishExperiments(store, bytes, { file: shown, ...options });
      process.stdout.write(
        `uploaded ${shown} as version ${published?.version} (${countLine(check.experiments)})\n`,
      );
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new CliError(`upload failed: ${(error as Error).message}`, 1, { cause: error });
    } finally {
      store.destroy();
    }
  });
  addStoreFlags(
    command
      .command('pull')
      .description(
        "write the store's current version into an experiments file, marked with its version: rollouts promote in the store, never in your file",
      )
      .argument('[file]', 'experiments file (default packages/scientist/experiments.yaml)')
      .option(
        '--force',
        `overwrite a file whose text matches none of the newest ${KNOWN_VERSIONS} stored versions, keeping it as <file>.bak`,
      )
      .option('--json', 'print {file, version, origin, backup}'),
  ).action(async (target: string | undefined, flags: StoreFlags & { force?: boolean; json?: boolean }) => {
    const { file, shown } = experimentsFilePath(target);
    const existing = readIfPresent(file, shown);
    const store = await storeFor(flags);
    try {
      const current = await store.currentDefinition();
      if (!current) {
        throw new CliError(
          `nothing is stored in table ${store.tableName} yet; \`scientist experiments upload\` publishes a file first`,
        );
      }
      let backup: string | null = null;
      if (existing !== undefined) {
        const text = withoutMarkers(existing);
        const history = await store.definitionHistory(KNOWN_VERSIONS);
        const known = [current, ...history].some((stored) => withoutMarkers(stored.source) === text);
        if (!known && !flags.force) {
          throw new CliError(
            `${shown} holds text that matches none of the newest ${KNOWN_VERSIONS} stored versions; not overwritten. Upload it first (\`scientist experiments upload\`), or pass --force to keep it as ${shown}.bak and pull`,
          );
        }
        if (!known) {
          copyFileSync(file, `${file}.bak`);
          backup = `${file}.bak`;
        }
      }
      writeWhole(file, shown, pulledText(current, new Date()));
      if (flags.json) {
        process.stdout.write(
          `${JSON.stringify({ file, version: current.version, origin: current.origin, backup })}\n`,
        );
        return;
      }
      if (backup) process.stdout.write(`kept the old ${shown} as ${shown}.bak\n`);
      process.stdout.write(`wrote stored version ${current.version} (${current.origin}) to ${shown}\n`);
    } catch (error) {
      if (error instanceof CliError) throw error;
      throw new CliError(`pull failed: ${(error as Error).message}`, 1, { cause: error });
    } finally {
      store.destroy();
    }
  });
  return command;
}
