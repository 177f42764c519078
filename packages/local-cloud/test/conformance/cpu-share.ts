import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * How much CPU a process received while it could run: its CPU time, and the time its cgroup's CPU quota held it
 * back (throttled). CPU time ÷ (CPU time + throttled time) is its share of a CPU as the quota grants it, whatever
 * other processes on a busy machine take meanwhile: waiting for a core that another process holds is neither.
 */
export interface CpuShareSample {
  cpuMs: number;
  throttledMs: number;
}

/** CPU time used by all threads of a process so far, from the scheduler's nanosecond counters. */
function cpuTimeMs(pid: number): number {
  let nanoseconds = 0;
  for (const thread of readdirSync(`/proc/${pid}/task`)) {
    try {
      nanoseconds += Number(readFileSync(`/proc/${pid}/task/${thread}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // The thread ended meanwhile.
    }
  }
  return nanoseconds / 1e6;
}

interface CgroupMount {
  version: 1 | 2;
  mountPoint: string;
  /** The cgroup root this mount shows (usually `/`). */
  root: string;
}

/** Where the hierarchy holding the cpu controller is mounted (v1 `cpu`, else the v2 unified hierarchy). */
function cpuControllerMount(): CgroupMount | undefined {
  let unified: CgroupMount | undefined;
  for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    const [before, after] = line.split(' - ');
    if (!before || !after) continue;
    const fields = before.split(' ');
    const [fsType, , superOptions = ''] = after.split(' ');
    const mount = { root: fields[3]!, mountPoint: fields[4]! };
    if (fsType === 'cgroup' && superOptions.split(',').includes('cpu')) return { version: 1, ...mount };
    if (fsType === 'cgroup2') unified ??= { version: 2, ...mount };
  }
  return unified;
}

function cpuStatFile(pid: number, mount: CgroupMount): string {
  const lines = readFileSync(`/proc/${pid}/cgroup`, 'utf8').trim().split('\n');
  const line =
    mount.version === 1
      ? lines.find((entry) => entry.split(':')[1]?.split(',').includes('cpu'))
      : lines.find((entry) => entry.startsWith('0::'));
  if (!line) throw new Error(`process ${pid} is in no cgroup of the cpu controller (/proc/${pid}/cgroup)`);
  const groupPath = line.slice(line.indexOf(':', line.indexOf(':') + 1) + 1);
  const relative = path.relative(mount.root, groupPath);
  return path.join(mount.mountPoint, relative, 'cpu.stat');
}

function throttledMs(file: string, version: 1 | 2): number {
  const stat = readFileSync(file, 'utf8');
  const match = (version === 1 ? /^throttled_time (\d+)$/m : /^throttled_usec (\d+)$/m).exec(stat);
  if (!match) throw new Error(`${file} has no ${version === 1 ? 'throttled_time' : 'throttled_usec'}`);
  return Number(match[1]) / (version === 1 ? 1e6 : 1e3);
}

/** Reads a process's CPU time and its cgroup's throttled time; differences of two samples give the share. */
export function cpuShareSampler(pid: number): () => CpuShareSample {
  const mount = cpuControllerMount();
  if (!mount) throw new Error('no cgroup hierarchy with the cpu controller is mounted');
  const file = cpuStatFile(pid, mount);
  return () => ({ cpuMs: cpuTimeMs(pid), throttledMs: throttledMs(file, mount.version) });
}

/** CPU time ÷ (CPU time + throttled time) between two samples. */
export function cpuShare(before: CpuShareSample, after: CpuShareSample): number {
  const cpu = after.cpuMs - before.cpuMs;
  const throttled = after.throttledMs - before.throttledMs;
  return cpu / Math.max(1e-9, cpu + throttled);
}
