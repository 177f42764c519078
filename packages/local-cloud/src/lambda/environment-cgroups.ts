import { raised } from '../incidents.js';
import type { AccountingGroup, CpuAccounting, CpuCounters, CpuFigures } from './cpu-accounting.js';
import type { CpuQuota } from './cpu-quota.js';
import type { MemoryGroup, MemoryLimit } from './memory-limit.js';

/** The machine's cgroup mechanisms every environment of a Lambda service uses. */
export interface CgroupServices {
  cpuQuota: CpuQuota;
  cpuAccounting: CpuAccounting;
  memoryLimit: MemoryLimit;
}

/**
 * One execution environment's cgroups: its memory limit from the start, its CPU quota and CPU
 * accounting from its first invocation on, all released when the process is gone. A mechanism that
 * fails to apply is an incident, also told to `cannot` (the function's log), and the process runs
 * without it.
 */
export class EnvironmentCgroups {
  #cpuGroup: string | undefined;
  #accountingGroup: AccountingGroup | undefined;
  #memoryGroup: MemoryGroup | undefined;
  /** The counters when the current invocation was delivered, when it wants CPU figures. */
  #cpuAtDelivery: CpuCounters | undefined;

  constructor(
    private readonly environmentId: string,
    private readonly memorySizeMb: number,
    private readonly services: CgroupServices,
    private readonly cannot: (message: string) => void,
    private readonly cpuPriority?: 'background',
  ) {}

  limitMemory(pid: number): void {
    try {
      this.#memoryGroup = this.services.memoryLimit.limit(this.environmentId, pid, this.memorySizeMb);
    } catch (error) {
      this.#failed("apply the environment's memory limit", error);
    }
  }

  // Lambda lets the init phase run with more CPU than the memory size buys; the quota starts with the first invocation.
  limitCpu(pid: number): void {
    const { cpuQuota, cpuAccounting } = this.services;
    try {
      this.#cpuGroup = cpuQuota.limit(this.environmentId, pid, this.memorySizeMb, this.cpuPriority);
    } catch (error) {
      this.#failed("apply the environment's CPU quota", error);
    }
    try {
      const quota =
        this.#cpuGroup && cpuQuota.version ? { dir: this.#cpuGroup, version: cpuQuota.version } : undefined;
      this.#accountingGroup = cpuAccounting.attach(this.environmentId, pid, quota);
    } catch (error) {
      this.#failed("count the environment's CPU time", error);
    }
  }

  /** Called before an invocation's clock starts, so the reading's own cost stays out of its Duration. */
  startCounting(wanted: boolean): void {
    this.#cpuAtDelivery = wanted ? this.services.cpuAccounting.read(this.#accountingGroup) : undefined;
  }

  /** What the current invocation got from the CPU, when counting was wanted and possible. */
  stopCounting(): CpuFigures | undefined {
    const before = this.#cpuAtDelivery;
    this.#cpuAtDelivery = undefined;
    if (!before) return undefined;
    const { cpuAccounting } = this.services;
    return cpuAccounting.figures(before, cpuAccounting.read(this.#accountingGroup));
  }

  peakMemoryFile(): string | undefined {
    return this.services.memoryLimit.peakFile(this.#memoryGroup);
  }

  /** The memory cgroup's OOM killer acted. */
  outOfMemory(): boolean {
    return this.services.memoryLimit.outOfMemory(this.#memoryGroup);
  }

  #failed(operation: string, error: unknown): void {
    raised(operation, error);
    this.cannot(`Cannot ${operation}: ${(error as Error).message}`);
  }

  release(): void {
    this.services.cpuQuota.release(this.#cpuGroup);
    this.services.cpuAccounting.release(this.#accountingGroup);
    this.services.memoryLimit.release(this.#memoryGroup);
  }
}
