import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createServiceGroup, findControllerMount, moveProcess, removeControlGroup } from './control-group.js';

export interface MemoryLimitSupport {
  available: boolean;
  mechanism: 'cgroup v2 memory.max' | 'cgroup v1 memory.limit_in_bytes' | 'runtime flags only';
  detail: string;
}

/** One environment's memory cgroup: the limit, its peak and whether the kernel killed for it. */
export interface MemoryGroup {
  dir: string;
  version: 1 | 2;
}

/** Caps each execution environment at its memory size, as Lambda does, through a cgroup memory limit. */
export class MemoryLimit {
  readonly #serviceGroup: string | undefined;
  readonly #version: 1 | 2 | undefined;
  readonly #support: MemoryLimitSupport;

  private constructor(
    serviceGroup: string | undefined,
    version: 1 | 2 | undefined,
    support: MemoryLimitSupport,
  ) {
    this.#serviceGroup = serviceGroup;
    this.#version = version;
    this.#support = support;
  }

  static detect(enabled = true): MemoryLimit {
    const fallback = (detail: string) =>
      new MemoryLimit(undefined, undefined, { available: false, mechanism: 'runtime flags only', detail });
    if (!enabled) return fallback('memory cgroups switched off: only runtime heap flags limit memory');
    const mount = findControllerMount('memory');
    if (!mount)
      return fallback('no cgroup memory controller is mounted: only runtime heap flags limit memory');
    try {
      const group = createServiceGroup(mount, 'memory');
      const mechanism = mount.version === 2 ? 'cgroup v2 memory.max' : 'cgroup v1 memory.limit_in_bytes';
      return new MemoryLimit(group, mount.version, {
        available: true,
        mechanism,
        detail: `per-environment cgroups under ${group}`,
      });
    } catch (error) {
      return fallback(
        `cannot create a memory cgroup under ${mount.ownDir} (${(error as Error).message}): only runtime heap flags limit memory`,
      );
    }
  }

  support(): MemoryLimitSupport {
    return this.#support;
  }

  limit(environmentId: string, pid: number, memorySizeMb: number): MemoryGroup | undefined {
    if (!this.#serviceGroup || !this.#version) return undefined;
    const dir = path.join(this.#serviceGroup, environmentId);
    const bytes = String(memorySizeMb * 1024 * 1024);
    mkdirSync(dir);
    writeFileSync(path.join(dir, this.#version === 2 ? 'memory.max' : 'memory.limit_in_bytes'), bytes);
    if (this.#version === 2) {
      // Without swap limits a v2 group would page out instead of failing as Lambda does.
      try {
        writeFileSync(path.join(dir, 'memory.swap.max'), '0');
      } catch {
        // No swap controller on this kernel: nothing to page out to either.
      }
    }
    if (this.#version === 1) {
      // Memory the process touched before it joined counts against its limit too.
      try {
        writeFileSync(path.join(dir, 'memory.move_charge_at_immigrate'), '3');
      } catch {
        // Kernels that dropped charge moving count from joining on; the peak RSS covers the rest.
      }
    }
    moveProcess(dir, pid);
    return { dir, version: this.#version };
  }

  /** The file holding the environment's peak memory in bytes since it started, when the kernel tracks it. */
  peakFile(group: MemoryGroup | undefined): string | undefined {
    if (!group) return undefined;
    return path.join(group.dir, group.version === 2 ? 'memory.peak' : 'memory.max_usage_in_bytes');
  }

  /** Whether the kernel's OOM killer acted in this group. */
  outOfMemory(group: MemoryGroup | undefined): boolean {
    if (!group) return false;
    try {
      const file = group.version === 2 ? 'memory.events' : 'memory.oom_control';
      const match = /oom_kill (\d+)/.exec(readFileSync(path.join(group.dir, file), 'utf8'));
      return match !== null && Number(match[1]) > 0;
    } catch {
      return false;
    }
  }

  release(group: MemoryGroup | undefined): void {
    if (group) removeControlGroup(group.dir);
  }

  close(): void {
    if (this.#serviceGroup) removeControlGroup(this.#serviceGroup);
  }
}
