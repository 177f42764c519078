import { existsSync } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { CliError } from '../cli-error.js';
import { stateDirectory, workspaceRoot } from '../local-cloud-client.js';

const followIntervalMs = 250;

/** The last `count` lines of a function's log. */
export async function lastLogLines(file: string, count: number): Promise<string[]> {
  const lines = (await readFile(file, 'utf8')).split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.slice(Math.max(0, lines.length - count));
}

/** Prints what is appended to `file` until the signal aborts (Ctrl-C). */
async function follow(file: string, from: number, signal: AbortSignal): Promise<void> {
  let offset = from;
  while (!signal.aborted) {
    await new Promise((resolve) => setTimeout(resolve, followIntervalMs));
    const { size } = await stat(file);
    if (size < offset) offset = 0;
    if (size === offset) continue;
    const handle = await open(file, 'r');
    try {
      const buffer = Buffer.alloc(size - offset);
      await handle.read(buffer, 0, buffer.length, offset);
      process.stdout.write(buffer);
      offset = size;
    } finally {
      await handle.close();
    }
  }
}

function lineCount(value: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 0) throw new InvalidArgumentError('--lines takes a whole number');
  return count;
}

export function logsCommand(): Command {
  return new Command('logs')
    .description("print a function's log (START, END and REPORT lines and what it wrote)")
    .argument('<function>', 'the function name, e.g. control-round')
    .option('-f, --follow', 'keep printing new lines until Ctrl-C')
    .option('-n, --lines <count>', 'how many of the last lines to print', lineCount, 50)
    .action(async (name: string, options: { follow?: boolean; lines: number }) => {
      const file = path.join(stateDirectory(workspaceRoot()), 'logs', `${name}.log`);
      if (!existsSync(file)) {
        throw new CliError(`no log for function ${name} (looked in ${file}); has it been invoked?`);
      }
      for (const line of await lastLogLines(file, options.lines)) process.stdout.write(`${line}\n`);
      if (!options.follow) return;
      const controller = new AbortController();
      process.once('SIGINT', () => controller.abort());
      await follow(file, (await stat(file)).size, controller.signal);
    });
}
