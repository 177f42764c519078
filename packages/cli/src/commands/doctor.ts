import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import {
  hostVersionNote,
  isPortFree,
  LambdaService,
  plannedPorts,
  portPlan,
  readLiveState,
} from '@serverless-scientist/local-cloud';
import { Command, InvalidArgumentError, Option } from 'commander';
import { parse } from 'yaml';
import { awsChecks } from '../aws-doctor.js';
import { awsRegion, regionOptionHelp } from '../aws-region.js';
import { CliError } from '../cli-error.js';
import { discoverServices, stateDirectory, workspaceRoot } from '../local-cloud-client.js';
import {
  type DoctorCheck,
  prerequisiteChecks,
  runTestPrerequisites,
  toolchainChecks,
} from '../toolchain-checks.js';

/**
 * The runtimes the services declare that run here on another version than on AWS: a result
 * measured locally may then differ from Lambda's.
 */
async function runtimeVersionChecks(root: string): Promise<DoctorCheck[]> {
  const runtimes = new Set<string>();
  for (const dir of await discoverServices(root)) {
    try {
      const runtime = parse(readFileSync(path.join(dir, 'serverless.yml'), 'utf8'))?.provider?.runtime;
      if (typeof runtime === 'string') runtimes.add(runtime);
    } catch {
      // a broken serverless.yml is for deploy to report, with its line and column
    }
  }
  return [...runtimes].sort().flatMap((runtime): DoctorCheck[] => {
    const note = hostVersionNote(runtime);
    return note
      ? [
          {
            name: `version ${runtime}`,
            status: 'warn',
            detail: `${note}: behaviour and speed may differ from Lambda's`,
            fix: 'install that version to compare like with like, or confirm results on AWS',
          },
        ]
      : [];
  });
}

/** Asks a real (briefly started) Lambda service how it can share out CPU and memory here. */
async function cpuQuotaChecks(): Promise<DoctorCheck[]> {
  const logsDir = await mkdtemp(path.join(tmpdir(), 'scientist-doctor-'));
  const lambda = await LambdaService.start({ port: 0, logsDir });
  try {
    const quota = lambda.cpuQuota();
    const cpu: DoctorCheck = quota.available
      ? {
          name: 'cpu quota',
          status: 'ok',
          detail: `${quota.mechanism}: CPU in proportion to memory (1,769 MB = 1 vCPU)`,
        }
      : process.platform === 'darwin'
        ? {
            name: 'cpu quota',
            status: 'warn',
            detail:
              'none on macOS (no cgroups): every function gets all the CPU it asks for, so more memory is not faster here; verdicts between languages still hold, memory-size ones (challenge 7) need Linux or AWS',
            fix: 'for memory sizes, run the kit on Linux (a VM or container with writable cgroups) or deploy to AWS',
          }
        : {
            name: 'cpu quota',
            status: 'warn',
            detail: `none: functions run unthrottled, so durations do not reflect memory size (${quota.detail})`,
            fix: 'run the local cloud as root on Linux with cgroup v2 cpu.max or cgroup v1 cpu.cfs_quota_us writable',
          };
    const memory: DoctorCheck = quota.memory.available
      ? { name: 'memory limit', status: 'ok', detail: quota.memory.mechanism }
      : {
          name: 'memory limit',
          status: 'warn',
          detail: `${quota.memory.mechanism}: ${quota.memory.detail}`,
          fix: 'run the local cloud as root on Linux with a writable cgroup memory controller',
        };
    const accounting: DoctorCheck = quota.accounting.available
      ? {
          name: 'cpu accounting',
          status: 'ok',
          detail: `CPU time, throttled time and CPU wait on REPORT lines (${quota.accounting.detail}): verdicts take the host's contention out`,
        }
      : {
          name: 'cpu accounting',
          status: 'warn',
          detail: `none: ${quota.accounting.detail}; verdicts cannot tell a busy machine from slow code`,
          fix: 'run the local cloud as root on Linux with a cgroup v2 hierarchy (pressure stall information)',
        };
    return [cpu, memory, accounting];
  } finally {
    await lambda.stop();
    await rm(logsDir, { recursive: true, force: true });
  }
}

async function portChecks(basePort: number, host: string, stateDir: string): Promise<DoctorCheck[]> {
  const running = await readLiveState(stateDir);
  return Promise.all(
    plannedPorts(portPlan(basePort, host)).map(async ({ role, port, host }): Promise<DoctorCheck> => {
      const name = `port ${port}`;
      if (running && Object.values(running.ports).includes(port)) {
        return {
          name,
          status: 'ok',
          detail: `used by the running local cloud (pid ${running.pid}) for ${role}`,
        };
      }
      if (await isPortFree(port, host)) return { name, status: 'ok', detail: `free for ${role}` };
      return {
        name,
        status: 'warn',
        detail: `in use by another program; the local cloud needs it for ${role}`,
        fix: `stop what holds port ${port}, or start with \`scientist up --port <other>\``,
      };
    }),
  );
}

function credentialsCheck(env: NodeJS.ProcessEnv = process.env): DoctorCheck {
  const name = 'aws credentials';
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return { name, status: 'ok', detail: 'from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY' };
  }
  if (env.AWS_PROFILE) return { name, status: 'ok', detail: `profile ${env.AWS_PROFILE}` };
  const awsDir = path.join(homedir(), '.aws');
  for (const file of ['credentials', 'config']) {
    if (existsSync(path.join(awsDir, file)))
      return { name, status: 'ok', detail: `found ${path.join(awsDir, file)}` };
  }
  return {
    name,
    status: 'warn',
    detail: 'none found (needed only for --target aws; the local cloud needs none)',
    fix: 'run `aws configure`, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
  };
}

/** Every check `scientist doctor` makes. */
export async function runDoctor(options: {
  port: number;
  host: string;
  stateDir: string;
}): Promise<DoctorCheck[]> {
  return [
    ...(await toolchainChecks()),
    ...(await prerequisiteChecks(false)),
    ...(await runtimeVersionChecks(workspaceRoot())),
    ...(await cpuQuotaChecks()),
    ...(await portChecks(options.port, options.host, options.stateDir)),
    credentialsCheck(),
  ];
}

export function formatChecks(checks: readonly DoctorCheck[]): string {
  const width = Math.max(...checks.map((check) => check.name.length));
  return checks
    .map((check) => {
      const line = `${check.status.padEnd(4)}  ${check.name.padEnd(width)}  ${check.detail}`;
      return check.fix ? `${line}\n${' '.repeat(width + 8)}fix: ${check.fix}` : line;
    })
    .join('\n')
    .concat('\n');
}

/** Before the tests: one line per missing tool with its install command, else one line in all. */
function formatToolchainSummary(checks: readonly DoctorCheck[]): string {
  const missing = checks.filter((check) => check.status !== 'ok');
  if (missing.length === 0)
    return `toolchains ready: ${checks.map((check) => check.name.replace('runtime ', '')).join(', ')}\n`;
  return missing.map((check) => `missing ${check.name}: ${check.detail}\n  install: ${check.fix}\n`).join('');
}

function portNumber(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65_533)
    throw new InvalidArgumentError('a port from 1 to 65533');
  return port;
}

interface DoctorOptions {
  json?: boolean;
  port: number;
  host: string;
  toolchains?: boolean;
  target: 'local' | 'aws';
  stage: string;
  region?: string;
}

export function doctorCommand(): Command {
  return new Command('doctor')
    .description('check toolchains, CPU-quota support, ports and AWS credentials (--target aws: the account)')
    .option('--json', 'print {checks: [{name, status, detail, fix}]} as JSON')
    .option('--port <port>', 'the base port to check', portNumber, 3000)
    .option('--host <host>', 'the address to check', '127.0.0.1')
    .option('--toolchains', 'check only the toolchains and tools the tests need; any missing one fails')
    .addOption(
      new Option('--target <target>', 'aws: check credentials, region, concurrency quota and the stack')
        .choices(['local', 'aws'])
        .default('local'),
    )
    .option('--stage <stage>', 'with --target aws: the stage', 'dev')
    .option('--region <region>', regionOptionHelp)
    .action(async (options: DoctorOptions) => {
      const root = workspaceRoot();
      const checks = options.toolchains
        ? await runTestPrerequisites()
        : options.target === 'aws'
          ? [
              ...(await toolchainChecks()),
              ...(await awsChecks({
                region: awsRegion(options.region),
                stage: options.stage,
                scientistDir: path.join(root, 'packages', 'scientist'),
              })),
            ]
          : await runDoctor({ port: options.port, host: options.host, stateDir: stateDirectory(root) });
      if (options.json) process.stdout.write(`${JSON.stringify({ checks }, null, 2)}\n`);
      else if (options.toolchains) process.stdout.write(formatToolchainSummary(checks));
      else process.stdout.write(formatChecks(checks));
      const failed = checks.filter((check) => check.status === 'fail');
      if (failed.length > 0) {
        throw new CliError(
          `${failed.length} check${failed.length === 1 ? '' : 's'} failed: ${failed.map((check) => check.name).join(', ')}`,
        );
      }
    });
}
