import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createServiceGroup, findControllerMount, moveProcess, removeControlGroup } from './control-group.js';

/** On Lambda, 1,769 MB of memory buys one full vCPU, and CPU scales linearly with memory. */
export const megabytesPerVcpu = 1769;
/** Short periods keep a throttled environment's latency smooth; the kernel's smallest quota is 1 ms. */
const preferredPeriodUs = 10_000;
const smallestQuotaUs = 1_000;

export interface CpuQuotaSupport {
  available: boolean;
  mechanism: 'cgroup v2 cpu.max' | 'cgroup v1 cpu.cfs_quota_us' | 'none';
  detail: string;
}

/**
 * The cgroup weight of a background environment beside the default (v1 `cpu.shares` 1024, v2
 * `cpu.weight` 100): a sixteenth, so that under contention work somebody waits for runs first.
 */
const backgroundShares = 64;
const backgroundWeight = 6;

export function cpuQuotaFor(memorySizeMb: number): { periodUs: number; quotaUs: number; vcpus: number } {
  const vcpus = memorySizeMb / megabytesPerVcpu;
  const periodUs = Math.max(preferredPeriodUs, Math.ceil(smallestQuotaUs / vcpus));
  return { periodUs, quotaUs: Math.round(periodUs * vcpus), vcpus };
}

/** Gives each execution environment CPU in proportion to its memory, through a cgroup CPU quota. */
export class CpuQuota {
  readonly #serviceGroup: string | undefined;
  readonly #version: 1 | 2 | undefined;
  readonly #support: CpuQuotaSupport;

  private constructor(
    serviceGroup: string | undefined,
    version: 1 | 2 | undefined,
    support: CpuQuotaSupport,
  ) {
    this.#serviceGroup = serviceGroup;
    this.#version = version;
    this.#support = support;
  }

  static detect(enabled = true): CpuQuota {
    if (!enabled) {
      return new CpuQuota(undefined, undefined, {
        available: false,
        mechanism: 'none',
        detail: 'CPU quota switched off',
      });
    }
    const mount = findControllerMount('cpu');
    if (!mount) {
      return new CpuQuota(undefined, undefined, {
        available: false,
        mechanism: 'none',
        detail: 'no cgroup cpu controller is mounted: functions run unthrottled',
      });
    }
    try {
      const group = createServiceGroup(mount, 'cpu');
      const mechanism = mount.version === 2 ? 'cgroup v2 cpu.max' : 'cgroup v1 cpu.cfs_quota_us';
      return new CpuQuota(group, mount.version, {
        available: true,
        mechanism,
        detail: `per-environment cgroups under ${group}`,
      });
    } catch (error) {
      return new CpuQuota(undefined, undefined, {
        available: false,
        mechanism: 'none',
        detail: `cannot create a cgroup under ${mount.ownDir} (${(error as Error).message}; run as root): functions run unthrottled`,
      });
    }
  }

  support(): CpuQuotaSupport {
    return this.#support;
  }

  /** The cgroup version the quotas are written in; undefined without a quota. */
  get version(): 1 | 2 | undefined {
    return this.#serviceGroup ? this.#version : undefined;
  }

  /**
   * Puts a process under its own quota, with a low weight when it is `background`; returns the
   * cgroup to release when the process has exited.
   */
  limit(
    environmentId: string,
    pid: number,
    memorySizeMb: number,
    priority?: 'background',
  ): string | undefined {
    if (!this.#serviceGroup) return undefined;
    const dir = path.join(this.#serviceGroup, environmentId);
    const { periodUs, quotaUs } = cpuQuotaFor(memorySizeMb);
    mkdirSync(dir);
    if (this.#version === 2) {
      writeFileSync(path.join(dir, 'cpu.max'), `${quotaUs} ${periodUs}`);
      if (priority === 'background') writeFileSync(path.join(dir, 'cpu.weight'), String(backgroundWeight));
    } else {
      writeFileSync(path.join(dir, 'cpu.cfs_period_us'), String(periodUs));
      writeFileSync(path.join(dir, 'cpu.cfs_quota_us'), String(quotaUs));
      if (priority === 'background') writeFileSync(path.join(dir, 'cpu.shares'), String(backgroundShares));
    }
    moveProcess(dir, pid);
    return dir;
  }

  release(dir: string | undefined): void {
    if (dir) removeControlGroup(dir);
  }

  close(): void {
    if (this.#serviceGroup) removeControlGroup(this.#serviceGroup);
  }
}
