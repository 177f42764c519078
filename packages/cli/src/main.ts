import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { CliError } from './cli-error.js';
import { commandTable } from './command-table.js';

/** The CLI's version: its package.json's. */
export function cliVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

/** The command a command line runs (`scientist help up` runs up's help), or undefined for none. */
function commandNameIn(argv: readonly string[]): string | undefined {
  const words = argv.slice(2).filter((word) => !word.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

/**
 * Builds the `scientist` program. Each command's module (and the local cloud, the SDK and the
 * parsers it imports) loads only when that command runs: `scientist --help` lists the others by
 * their summaries, so it answers without loading any of them. With no argv, every command loads.
 */
export async function createProgram(argv?: readonly string[]): Promise<Command> {
  const program = new Command('scientist')
    .description('Serverless Scientist: test improved serverless functions in production with confidence.')
    .version(cliVersion(), '-V, --version', 'print the version')
    .option('--verbose', 'print the cause of a failure, not just its one-line reason')
    .showHelpAfterError()
    .exitOverride();
  const wanted = argv ? commandNameIn(argv) : undefined;
  for (const entry of commandTable) {
    if (!argv || entry.name === wanted) program.addCommand(await entry.load());
    else program.addCommand(new Command(entry.name).description(entry.summary));
  }
  return program;
}

/** Runs the CLI and returns its exit code; a failure prints one line (more with --verbose). */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const program = await createProgram(argv);
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode;
    }
    const verbose = argv.includes('--verbose');
    if (error instanceof CliError) {
      process.stderr.write(`scientist: ${error.message}\n`);
      if (verbose && error.cause)
        process.stderr.write(`${String((error.cause as Error).stack ?? error.cause)}\n`);
      return error.exitCode;
    }
    process.stderr.write(`scientist: unexpected failure: ${(error as Error).message}\n`);
    if (verbose) process.stderr.write(`${(error as Error).stack}\n`);
    return 1;
  }
}
