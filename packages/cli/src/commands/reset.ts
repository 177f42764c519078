import path from 'node:path';
import { readLiveState } from '@serverless-scientist/local-cloud';
import { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { stateDirectory, workspaceRoot } from '../local-cloud-client.js';
import { clearState, formatBytes, keptState } from '../state-reset.js';

export function resetCommand(): Command {
  return new Command('reset')
    .description(
      "clear the local cloud's state (tables with experiments and results, logs), saying what first",
    )
    .option('--json', 'print {removed: [{path, holds, bytes}]} as JSON')
    .action(async (flags: { json?: boolean }) => {
      const root = workspaceRoot();
      const stateDir = stateDirectory(root);
      const running = await readLiveState(stateDir);
      if (running) {
        throw new CliError(
          `a local cloud runs here (pid ${running.pid}); stop it first with \`scientist down\``,
        );
      }
      const kept = keptState(stateDir);
      if (flags.json) {
        clearState(kept);
        const removed = kept.map((entry) => ({ ...entry, path: path.relative(root, entry.path) }));
        process.stdout.write(`${JSON.stringify({ removed }, null, 2)}\n`);
        return;
      }
      if (kept.length === 0) {
        process.stdout.write(`nothing to clear in ${path.relative(root, stateDir) || stateDir}\n`);
        return;
      }
      process.stdout.write('removing:\n');
      for (const entry of kept) {
        process.stdout.write(
          `  ${path.relative(root, entry.path)}  ${formatBytes(entry.bytes)}  ${entry.holds}\n`,
        );
      }
      clearState(kept);
      process.stdout.write(
        'done; functions are never kept between runs, so the next `scientist up --bare` starts empty\n',
      );
    });
}
