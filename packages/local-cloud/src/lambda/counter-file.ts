import { closeSync, openSync, readSync } from 'node:fs';

/** Counter files are a few hundred bytes; each is read whole into this buffer, one at a time. */
const buffer = Buffer.allocUnsafe(8192);

/**
 * A kernel counter file (a cgroup's `cpu.stat`, a process's `status`) opened once and read again from
 * its start: the kernel writes the text afresh on every read at offset 0, so the open file gives
 * today's figures without an open, a stat and a close per reading. Invocations that report their CPU
 * read several such files twice each.
 */
export class CounterFile {
  #fd: number | undefined;

  constructor(readonly path: string) {}

  /** The file's text now; throws when it cannot be read (its cgroup or process is gone). */
  read(): string {
    this.#fd ??= openSync(this.path, 'r');
    const length = readSync(this.#fd, buffer, 0, buffer.length, 0);
    return buffer.toString('latin1', 0, length);
  }

  close(): void {
    if (this.#fd === undefined) return;
    const fd = this.#fd;
    this.#fd = undefined;
    try {
      closeSync(fd);
    } catch {
      // Already closed with its process: nothing is left to release.
    }
  }
}
