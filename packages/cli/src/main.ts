import { Command, CommanderError } from 'commander';
import { CliError } from './cli-error.js';
import { deployCommand } from './commands/deploy.js';
import { doctorCommand } from './commands/doctor.js';
import { downCommand } from './commands/down.js';
import { endpointsCommand } from './commands/endpoints.js';
import { experimentsCommand } from './commands/experiments.js';
import { logsCommand } from './commands/logs.js';
import { newCandidateCommand } from './commands/new.js';
import { promoteCommand } from './commands/promote.js';
import { removeCommand } from './commands/remove.js';
import { resultsCommand } from './commands/results.js';
import { statusCommand } from './commands/status.js';
import { trafficCommand } from './commands/traffic.js';
import { upCommand } from './commands/up.js';

/** Builds the `scientist` program; every command lives in its own file under `commands/`. */
export function createProgram(): Command {
  const program = new Command('scientist')
    .description('Serverless Scientist: test improved serverless functions in production with confidence.')
    .option('--verbose', 'print the cause of a failure, not just its one-line reason')
    .showHelpAfterError()
    .exitOverride();
  program.addCommand(upCommand());
  program.addCommand(downCommand());
  program.addCommand(statusCommand());
  program.addCommand(logsCommand());
  program.addCommand(endpointsCommand());
  program.addCommand(deployCommand());
  program.addCommand(removeCommand());
  program.addCommand(experimentsCommand());
  program.addCommand(resultsCommand());
  program.addCommand(trafficCommand());
  program.addCommand(newCandidateCommand());
  program.addCommand(promoteCommand());
  program.addCommand(doctorCommand());
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
