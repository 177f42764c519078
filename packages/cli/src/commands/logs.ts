import { existsSync } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { CliError } from '../cli-error.js';
import { stateDirectory, workspaceRoot } from '../local-cloud-client.js';

const followIntervalMs = 250;

/**
 * The last `count` lines of a function's log, and how many bytes were read: following goes on
 * from exactly there, so nothing appended in between is lost.
 */
async function lastLogLines(file: string, count: number): Promise<{ lines: string[]; bytes: number }> {
  const content = await readFile(file);
  const lines = content.toString('utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return { lines: lines.slice(Math.max(0, lines.length - count)), bytes: content.length };
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
      const last = await lastLogLines(file, options.lines);
      for (const line of last.lines) process.stdout.write(`${line}\n`);
      if (!options.follow) return;
      const controller = new AbortController();
      process.once('SIGINT', () => controller.abort());
      await follow(file, last.bytes, controller.signal);
    });
}
