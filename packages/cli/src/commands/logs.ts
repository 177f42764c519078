import { existsSync } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { awsRegion, regionOptionHelp } from '../aws-region.js';
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

/**
 * The last lines of a function's CloudWatch log group (`/aws/lambda/<name>`), oldest first; with
 * --follow, polls for newer ones, as `serverless logs --tail` does.
 */
async function awsLogs(name: string, options: { lines: number; follow?: boolean; region: string }) {
  const client = new CloudWatchLogsClient({ region: options.region });
  const logGroupName = `/aws/lambda/${name}`;
  try {
    let startTime = Date.now() - 24 * 3600_000;
    const seen = new Set<string>();
    const controller = new AbortController();
    if (options.follow) process.once('SIGINT', () => controller.abort());
    for (let first = true; first || !controller.signal.aborted; first = false) {
      const events: { id: string; timestamp: number; message: string }[] = [];
      let nextToken: string | undefined;
      do {
        const page = await client
          .send(new FilterLogEventsCommand({ logGroupName, startTime, nextToken }))
          .catch((error: Error) => {
            throw new CliError(
              /ResourceNotFound|does not exist/.test(`${error.name} ${error.message}`)
                ? `no log group ${logGroupName} in ${options.region}: is ${name} deployed there (mind the stage suffix)?`
                : `cannot read ${logGroupName}: ${error.message}`,
              1,
              { cause: error },
            );
          });
        for (const event of page.events ?? []) {
          const id = event.eventId ?? `${event.timestamp}${event.message}`;
          if (!seen.has(id))
            events.push({ id, timestamp: event.timestamp ?? 0, message: event.message ?? '' });
        }
        nextToken = page.nextToken;
      } while (nextToken);
      const shown = first ? events.slice(Math.max(0, events.length - options.lines)) : events;
      for (const event of shown) {
        seen.add(event.id);
        process.stdout.write(event.message.endsWith('\n') ? event.message : `${event.message}\n`);
        startTime = Math.max(startTime, event.timestamp);
      }
      if (!options.follow) return;
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  } finally {
    client.destroy();
  }
}

export function logsCommand(): Command {
  return new Command('logs')
    .description("print a function's log (START, END and REPORT lines and what it wrote)")
    .argument('<function>', 'the function name, e.g. control-round')
    .option('-f, --follow', 'keep printing new lines until Ctrl-C')
    .option('-n, --lines <count>', 'how many of the last lines to print', lineCount, 50)
    .addOption(
      new Option('--target <target>', "the local cloud's log, or CloudWatch Logs on AWS")
        .choices(['local', 'aws'])
        .default('local'),
    )
    .option('--region <region>', regionOptionHelp)
    .action(
      async (name: string, options: { follow?: boolean; lines: number; target: string; region?: string }) => {
        if (options.target === 'aws') {
          await awsLogs(name, {
            lines: options.lines,
            follow: options.follow,
            region: awsRegion(options.region),
          });
          return;
        }
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
      },
    );
}
