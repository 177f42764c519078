import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  createServiceGroup,
  findUnifiedHierarchy,
  moveProcess,
  removeControlGroup,
} from './control-group.js';
import { CounterFile } from './counter-file.js';

/**
 * What one invocation got from the CPU, from its environment's cgroups: the CPU time it used, the
 * time its own quota held it back (Lambda does that too), and the time it was ready to run but had
 * no CPU, for either reason (the kernel's pressure stall figure). Waiting beyond the quota's share is
 * the host's contention: on Lambda an environment never waits for another one's work. The wait
 * includes the time this service's own event loop waited for a CPU during the invocation: it serves
 * the Runtime API and stops the clock, so its delays are in the Duration too.
 */
export interface CpuFigures {
  readonly cpuTimeMs: number;
  readonly throttledMs: number;
  readonly cpuWaitMs: number;
}

/** Cumulative counters of one environment, in microseconds. */
export interface CpuCounters {
  readonly usageUs: number;
  readonly throttledUs: number;
  readonly waitUs: number;
  /**
   * Time this service's own event loop (which serves every Runtime API and times each Duration)
   * was ready to run without a CPU: a Duration includes it.
   */
  readonly serviceWaitUs: number;
}

/**
 * The event loop's thread: `run_delay` is the second figure, in nanoseconds. Opened by the first
 * reading, which like every other runs on the event loop, so `thread-self` is that thread.
 */
const serviceSchedstat = new CounterFile('/proc/thread-self/schedstat');

function serviceWaitUs(): number {
  try {
    return Number(serviceSchedstat.read().split(' ')[1]) / 1000 || 0;
  } catch {
    return 0;
  }
}

export interface CpuAccountingSupport {
  available: boolean;
  detail: string;
}

/** Where one environment's counters are read. */
export interface AccountingGroup {
  /** The v2 cgroup holding `cpu.stat` (usage) and `cpu.pressure` (waiting). */
  readonly statDir: string;
  /** Whether the statDir was created for accounting alone (and is removed with the environment). */
  readonly own: boolean;
  /** The quota's cgroup, whose throttled time is read; undefined without a quota. */
  readonly quotaDir?: string;
  readonly quotaVersion?: 1 | 2;
  /** The counter files read at every invocation that reports its CPU, kept open until release. */
  readonly files: {
    readonly stat: CounterFile;
    readonly pressure: CounterFile;
    readonly quotaStat?: CounterFile;
  };
}

const usagePattern = /^usage_usec (\d+)$/m;
const waitPattern = /^some .* total=(\d+)$/m;
const throttledV2Pattern = /^throttled_usec (\d+)$/m;
const throttledV1Pattern = /^throttled_time (\d+)$/m;

/**
 * Reads each execution environment's CPU counters from cgroups, so that every REPORT line can say
 * what the invocation's CPU conditions were. Where the quota lives in a v2 cgroup its own files are
 * read; on hosts with the quota in v1, each environment also joins a v2 cgroup of its own, which
 * counts without any controller.
 */
export class CpuAccounting {
  readonly #serviceGroup: string | undefined;
  readonly #support: CpuAccountingSupport;

  private constructor(serviceGroup: string | undefined, support: CpuAccountingSupport) {
    this.#serviceGroup = serviceGroup;
    this.#support = support;
  }

  /** `quotaVersion` is the hierarchy the CPU quota uses, if any: v2 quota groups count by themselves. */
  static detect(enabled: boolean, quotaVersion: 1 | 2 | undefined): CpuAccounting {
    if (!enabled)
      return new CpuAccounting(undefined, { available: false, detail: 'CPU accounting switched off' });
    if (quotaVersion === 2) {
      return new CpuAccounting(undefined, {
        available: true,
        detail: "read from each environment's quota cgroup",
      });
    }
    const unified = findUnifiedHierarchy();
    if (!unified) {
      return new CpuAccounting(undefined, {
        available: false,
        detail:
          'no cgroup v2 hierarchy with pressure stall information: CPU time and waiting are not reported',
      });
    }
    try {
      const group = createServiceGroup(unified, undefined);
      return new CpuAccounting(group, { available: true, detail: `per-environment cgroups under ${group}` });
    } catch (error) {
      return new CpuAccounting(undefined, {
        available: false,
        detail: `cannot create a cgroup under ${unified.ownDir} (${(error as Error).message}): CPU time and waiting are not reported`,
      });
    }
  }

  support(): CpuAccountingSupport {
    return this.#support;
  }

  /** Starts counting for a process; `quota` is the cgroup its CPU quota lives in, if any. */
  attach(
    environmentId: string,
    pid: number,
    quota: { dir: string; version: 1 | 2 } | undefined,
  ): AccountingGroup | undefined {
    if (!this.#support.available) return undefined;
    const quotaFields = quota ? { quotaDir: quota.dir, quotaVersion: quota.version } : {};
    if (quota?.version === 2)
      return { statDir: quota.dir, own: false, ...quotaFields, files: files(quota.dir) };
    if (!this.#serviceGroup) return undefined;
    const dir = path.join(this.#serviceGroup, environmentId);
    mkdirSync(dir);
    moveProcess(dir, pid);
    return { statDir: dir, own: true, ...quotaFields, files: files(dir, quota?.dir) };
  }

  /** The counters now; undefined when they cannot be read (the group is gone). */
  read(group: AccountingGroup | undefined): CpuCounters | undefined {
    if (!group) return undefined;
    try {
      const stat = group.files.stat.read();
      const usage = usagePattern.exec(stat);
      const wait = waitPattern.exec(group.files.pressure.read());
      if (!usage || !wait) return undefined;
      return {
        usageUs: Number(usage[1]),
        throttledUs: this.#throttledUs(group, stat),
        waitUs: Number(wait[1]),
        serviceWaitUs: serviceWaitUs(),
      };
    } catch {
      return undefined;
    }
  }

  /** What happened between two readings. */
  figures(before: CpuCounters | undefined, after: CpuCounters | undefined): CpuFigures | undefined {
    if (!before || !after) return undefined;
    const ms = (us: number) => Math.max(0, us) / 1000;
    const environmentWaitMs = ms(after.waitUs - before.waitUs);
    // The kernel counts throttled time per CPU run queue, so a group with threads on several CPUs
    // can add up more than the wall time; held back by its quota, a task is also waiting.
    return {
      cpuTimeMs: ms(after.usageUs - before.usageUs),
      throttledMs: Math.min(environmentWaitMs, ms(after.throttledUs - before.throttledUs)),
      cpuWaitMs: environmentWaitMs + ms(after.serviceWaitUs - before.serviceWaitUs),
    };
  }

  release(group: AccountingGroup | undefined): void {
    if (!group) return;
    group.files.stat.close();
    group.files.pressure.close();
    group.files.quotaStat?.close();
    if (group.own) removeControlGroup(group.statDir);
  }

  close(): void {
    if (this.#serviceGroup) removeControlGroup(this.#serviceGroup);
  }

  #throttledUs(group: AccountingGroup, v2Stat: string): number {
    if (!group.quotaDir) return 0;
    const stat = group.files.quotaStat ? group.files.quotaStat.read() : v2Stat;
    const match = (group.quotaVersion === 2 ? throttledV2Pattern : throttledV1Pattern).exec(stat);
    if (!match) return 0;
    return group.quotaVersion === 2 ? Number(match[1]) : Number(match[1]) / 1000;
  }
}

/** An accounting group's counter files; a v1 quota keeps its throttled time in a group of its own. */
function files(statDir: string, v1QuotaDir?: string): AccountingGroup['files'] {
  return {
    stat: new CounterFile(path.join(statDir, 'cpu.stat')),
    pressure: new CounterFile(path.join(statDir, 'cpu.pressure')),
    ...(v1QuotaDir ? { quotaStat: new CounterFile(path.join(v1QuotaDir, 'cpu.stat')) } : {}),
  };
}
