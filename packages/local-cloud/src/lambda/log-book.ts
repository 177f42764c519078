import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { raised } from '../incidents.js';

/** Lambda returns at most the last 4 KB of an invocation's log in X-Amz-Log-Result. */
export const logTailBytes = 4096;

/**
 * Lines wait this long to be written together: a file write hands work to another thread, which costs
 * more per invocation than the lines themselves.
 */
const flushDelayMs = 20;

/** One function's log file, with the lines written since the last flush. */
export class FunctionLog {
  readonly #stream: WriteStream;
  #pending = '';
  #onFirstPending: (log: FunctionLog) => void;

  constructor(file: string, functionName: string, onFirstPending: (log: FunctionLog) => void) {
    this.#stream = createWriteStream(file, { flags: 'a' });
    this.#onFirstPending = onFirstPending;
    // A log that cannot be written must not take the service down.
    this.#stream.on('error', (error) => raised(`write the log of ${functionName}`, error));
  }

  write(line: string): void {
    if (this.#pending === '') this.#onFirstPending(this);
    this.#pending += `${line}\n`;
  }

  flush(): void {
    if (this.#pending === '') return;
    this.#stream.write(this.#pending);
    this.#pending = '';
  }

  end(): Promise<void> {
    this.flush();
    return new Promise((resolve) => this.#stream.end(() => resolve()));
  }
}

/**
 * Each function's log, appended to `<logsDir>/<function>.log`, as CloudWatch would hold it.
 * Lines are gathered and written together every few milliseconds: under load, many invocations' START,
 * output, END and REPORT lines cost one file write instead of one each.
 */
export class LogBook {
  readonly #logs = new Map<string, FunctionLog>();
  readonly #dirty = new Set<FunctionLog>();
  #flushScheduled = false;
  readonly #markDirty = (log: FunctionLog) => {
    this.#dirty.add(log);
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      setTimeout(this.#flush, flushDelayMs);
    }
  };
  readonly #flush = () => {
    this.#flushScheduled = false;
    for (const log of this.#dirty) log.flush();
    this.#dirty.clear();
  };

  constructor(readonly logsDir: string) {
    mkdirSync(logsDir, { recursive: true });
  }

  pathFor(functionName: string): string {
    return path.join(this.logsDir, `${functionName}.log`);
  }

  /** The function's log; environments keep it to skip the lookup on every line. */
  logOf(functionName: string): FunctionLog {
    let log = this.#logs.get(functionName);
    if (!log) {
      log = new FunctionLog(this.pathFor(functionName), functionName, this.#markDirty);
      this.#logs.set(functionName, log);
    }
    return log;
  }

  write(functionName: string, line: string): void {
    this.logOf(functionName).write(line);
  }

  async close(): Promise<void> {
    const logs = [...this.#logs.values()];
    this.#logs.clear();
    this.#dirty.clear();
    await Promise.all(logs.map((log) => log.end()));
  }
}

/** The lines of one invocation, kept only as far as the 4 KB tail needs. */
export class InvocationLog {
  readonly #lines: string[] = [];
  #bytes = 0;

  add(line: string): void {
    this.#lines.push(line);
    this.#bytes += Buffer.byteLength(line) + 1;
    while (this.#lines.length > 1 && this.#bytes - Buffer.byteLength(this.#lines[0]!) - 1 >= logTailBytes) {
      this.#bytes -= Buffer.byteLength(this.#lines.shift()!) + 1;
    }
  }

  /** Base64 of the last 4 KB, as X-Amz-Log-Result carries it. */
  tailBase64(): string {
    const all = Buffer.from(this.#lines.map((line) => `${line}\n`).join(''));
    return all.subarray(Math.max(0, all.length - logTailBytes)).toString('base64');
  }
}
