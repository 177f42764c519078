import { Command, CommanderError } from 'commander';
import { CliError } from './cli-error.js';

/** Builds the `scientist` program; every command lives in its own file under `commands/`. */
export function createProgram(): Command {
  const program = new Command('scientist')
    .description('Serverless Scientist: test improved serverless functions in production with confidence.')
    .option('--verbose', 'print the cause of a failure, not just its one-line reason')
    .showHelpAfterError()
    .exitOverride();
  return program;
}

/** Runs the CLI and returns its exit code; a failure prints one line (more with --verbose). */
export async function main(argv: readonly string[]): Promise<number> {
  const program = createProgram();
  try {
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
