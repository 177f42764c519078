import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { LaunchSpec } from '../runtimes/runtime-launcher.js';

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RuntimeProcessEvents {
  /** A line the process wrote to stdout or stderr. */
  line(line: string): void;
  /** The command could not be run. */
  failedToStart(error: Error): void;
  /** The process is gone and its pipes are closed. */
  gone(exit: ProcessExit): void;
}

/**
 * The runtime's process, in a process group of its own so that killing it takes down whatever the
 * function started too.
 */
export class RuntimeProcess {
  readonly #child: ChildProcess;
  #exit: ProcessExit | undefined;

  private constructor(child: ChildProcess) {
    this.#child = child;
  }

  static spawn(spec: LaunchSpec, events: RuntimeProcessEvents): RuntimeProcess {
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const process = new RuntimeProcess(child);
    child.on('error', (error) => events.failedToStart(error));
    for (const stream of [child.stdout, child.stderr]) {
      if (stream)
        createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) =>
          events.line(line),
        );
    }
    child.on('exit', (code, signal) => {
      // The runtime is gone: take down anything it started so its pipes close.
      process.killGroup();
      process.#exit = { code, signal };
    });
    // How the runtime itself exited, not how the group's last pipe closed.
    child.on('close', (code, signal) => events.gone(process.#exit ?? { code, signal }));
    return process;
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** SIGTERM to the runtime alone: it may finish its work and exit; its exit takes the group down. */
  terminate(): void {
    try {
      this.#child.kill('SIGTERM');
    } catch {
      // Already gone.
    }
  }

  killGroup(): void {
    const pid = this.#child.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}
