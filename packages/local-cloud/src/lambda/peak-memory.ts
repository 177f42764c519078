import { performance } from 'node:perf_hooks';
import { CounterFile } from './counter-file.js';

/**
 * Invocations that do not ask for their log tail report a figure read at most this often: nobody
 * compares theirs, and each reading is two file reads (a few microseconds through open files).
 */
const refreshIntervalMs = 1_000;

/** Where an environment's peak memory can be read right now. */
export interface PeakMemorySources {
  /** The memory cgroup's peak file, when the environment has one. */
  peakFile(): string | undefined;
  /** The live process, whose own peak resident set is in `/proc/<pid>/status`. */
  pid(): number | undefined;
}

/**
 * An environment's Max Memory Used. The cgroup's peak includes page cache the process caused; the
 * process's own peak RSS covers what was charged before it joined the cgroup. Lambda's figure is the
 * larger view.
 */
export class PeakMemory {
  #peakMb = 0;
  #refreshedAt = Number.NEGATIVE_INFINITY;
  /** The files read, kept open for the environment's life. */
  readonly #open = new Map<string, CounterFile>();

  constructor(private readonly sources: PeakMemorySources) {}

  /**
   * Read now when the invoker wants the log tail (the scientist compares these), when there is no
   * figure yet, or when the last is a second old; otherwise the last figure.
   */
  megabytes(accurate: boolean): number {
    const now = performance.now();
    if (!accurate && now - this.#refreshedAt < refreshIntervalMs) return this.#peakMb;
    this.#refreshedAt = now;
    for (const file of this.#files()) {
      try {
        this.#note(file, this.#counterFile(file).read());
      } catch {
        // The process or its cgroup is gone: the figure read before stands.
      }
    }
    return this.#peakMb;
  }

  /** Closes the files kept open: before the environment's cgroups are removed. */
  close(): void {
    for (const file of this.#open.values()) file.close();
    this.#open.clear();
  }

  #counterFile(file: string): CounterFile {
    let counter = this.#open.get(file);
    if (!counter) {
      counter = new CounterFile(file);
      this.#open.set(file, counter);
    }
    return counter;
  }

  #files(): string[] {
    const files: string[] = [];
    const peakFile = this.sources.peakFile();
    if (peakFile) files.push(peakFile);
    const pid = this.sources.pid();
    if (pid !== undefined) files.push(`/proc/${pid}/status`);
    return files;
  }

  #note(file: string, text: string): void {
    let bytes: number;
    if (file.endsWith('/status')) {
      const match = /VmHWM:\s+(\d+) kB/.exec(text);
      if (!match) return;
      bytes = Number(match[1]) * 1024;
    } else bytes = Number(text.trim());
    if (Number.isFinite(bytes)) this.#peakMb = Math.max(this.#peakMb, Math.ceil(bytes / 1048576));
  }
}
