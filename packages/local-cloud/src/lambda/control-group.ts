import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const cgroupRoot = '/sys/fs/cgroup';

/** Where one controller (cpu, memory) can be driven, and through which cgroup version. */
export interface ControllerMount {
  version: 1 | 2;
  /** The directory of this process's own cgroup for the controller; ours are created beneath it. */
  ownDir: string;
}

function ownCgroupPath(version: 1 | 2, controller: string): string | undefined {
  let lines: string[];
  try {
    lines = readFileSync('/proc/self/cgroup', 'utf8').trim().split('\n');
  } catch {
    return undefined;
  }
  for (const line of lines) {
    const [id, controllers, cgroupPath] = line.split(':');
    if (cgroupPath === undefined) continue;
    if (version === 2 && id === '0' && controllers === '') return cgroupPath;
    if (version === 1 && controllers?.split(',').includes(controller)) return cgroupPath;
  }
  return undefined;
}

/** Finds a writable cgroup hierarchy for a controller: v2 where it offers the controller, else v1. */
export function findControllerMount(controller: 'cpu' | 'memory'): ControllerMount | undefined {
  for (const mount of [cgroupRoot, path.join(cgroupRoot, 'unified')]) {
    const controllersFile = path.join(mount, 'cgroup.controllers');
    if (!existsSync(controllersFile)) continue;
    const own = ownCgroupPath(2, controller);
    if (own === undefined) continue;
    const ownDir = path.join(mount, own);
    const offered = readFileSync(path.join(ownDir, 'cgroup.controllers'), 'utf8').split(/\s+/);
    if (offered.includes(controller)) return { version: 2, ownDir };
  }
  for (const name of [controller, controller === 'cpu' ? 'cpu,cpuacct' : controller]) {
    const mount = path.join(cgroupRoot, name);
    const own = ownCgroupPath(1, controller);
    if (own !== undefined && existsSync(path.join(mount, 'tasks')))
      return { version: 1, ownDir: path.join(mount, own) };
  }
  return undefined;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Removes a cgroup directory and its children; a cgroup is removed with rmdir once it holds no process. */
export function removeControlGroup(dir: string): boolean {
  try {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) removeControlGroup(path.join(dir, entry.name));
    }
    rmdirSync(dir);
    return true;
  } catch {
    return false;
  }
}

/**
 * The unified (v2) hierarchy, whatever controllers it offers: every v2 cgroup counts its own CPU time
 * (`cpu.stat`) and the time its tasks waited for a CPU (`cpu.pressure`), with no controller enabled.
 */
export function findUnifiedHierarchy(): ControllerMount | undefined {
  for (const mount of [cgroupRoot, path.join(cgroupRoot, 'unified')]) {
    if (!existsSync(path.join(mount, 'cgroup.controllers'))) continue;
    const own = ownCgroupPath(2, '');
    if (own === undefined) continue;
    const ownDir = path.join(mount, own);
    if (existsSync(path.join(ownDir, 'cpu.pressure'))) return { version: 2, ownDir };
  }
  return undefined;
}

const groupPrefix = 'serverless-scientist-';

/**
 * The parent cgroup of one Lambda service (named for its pid), under which each execution environment
 * gets its own cgroup. Parents left by services that died without cleaning up are removed on creation.
 */
export function createServiceGroup(mount: ControllerMount, enable: string | undefined): string {
  for (const entry of readdirSync(mount.ownDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || !entry.name.startsWith(groupPrefix)) continue;
    const pid = Number(entry.name.slice(groupPrefix.length).split('-')[0]);
    if (Number.isInteger(pid) && !processAlive(pid)) removeControlGroup(path.join(mount.ownDir, entry.name));
  }
  const dir = path.join(
    mount.ownDir,
    `${groupPrefix}${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
  );
  if (mount.version === 2 && enable)
    writeFileSync(path.join(mount.ownDir, 'cgroup.subtree_control'), `+${enable}`);
  mkdirSync(dir);
  if (mount.version === 2 && enable) writeFileSync(path.join(dir, 'cgroup.subtree_control'), `+${enable}`);
  return dir;
}

export function moveProcess(groupDir: string, pid: number): void {
  writeFileSync(path.join(groupDir, 'cgroup.procs'), String(pid));
}
