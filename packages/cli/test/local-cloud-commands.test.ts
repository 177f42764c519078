import { appendFile, cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isProcessAlive, readLiveState } from '@serverless-scientist/local-cloud';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { afterDeployHooks, bringUp } from '../src/commands/up.js';
import { ensureBuilt } from './built-cli.js';

const fixture = fileURLToPath(new URL('./fixtures/workspace', import.meta.url));
let bin: string;
let root: string;
let stateDir: string;

beforeAll(async () => {
  bin = await ensureBuilt();
  root = await mkdtemp(path.join(tmpdir(), 'scientist-cli-'));
  await cp(fixture, root, { recursive: true });
  stateDir = path.join(root, 'state');
}, 120_000);

afterAll(async () => {
  // A failed test can leave the detached cloud running; stop it even when the CLI itself is broken.
  const state = await readLiveState(stateDir);
  if (state) {
    await scientist('down');
    if (isProcessAlive(state.pid)) process.kill(state.pid, 'SIGTERM');
  }
  await rm(root, { recursive: true, force: true });
});

function scientist(...args: string[]) {
  return scientistIn(stateDir, ...args);
}

function scientistIn(state: string, ...args: string[]) {
  return execa(process.execPath, [bin, ...args], {
    cwd: root,
    env: { SCIENTIST_STATE_DIR: state, FORCE_COLOR: '0' },
    reject: false,
    timeout: 90_000,
  });
}

describe('the local cloud through the CLI', () => {
  test('up --detach, status, endpoints, deploy, logs, down', async () => {
    const up = await scientist('up', '--detach', '--port', '0');
    expect(up.exitCode, up.stderr).toBe(0);
    expect(up.stdout).toMatch(/^deployed control-echo \(1 functions\) in \d+ ms$/m);
    expect(up.stdout).toMatch(/running in the background \(pid \d+\)/);

    const statusRun = await scientist('status', '--json');
    expect(statusRun.exitCode, statusRun.stderr).toBe(0);
    const status = JSON.parse(statusRun.stdout);
    expect(status.running).toBe(true);
    expect(status.services.map((service: { service: string }) => service.service)).toEqual(['control-echo']);

    const endpoints = await scientist('endpoints', '--json');
    const gateway = status.endpoints.gateway as string;
    expect(JSON.parse(endpoints.stdout.replaceAll(/127\.0\.0\.1:\d+/g, '<host>'))).toMatchInlineSnapshot(`
      {
        "aws": {
          "dynamodb": "http://<host>",
          "lambda": "http://<host>",
        },
        "dashboard": null,
        "experiments": {},
        "functions": {
          "control-echo": {
            "memorySize": 128,
            "runtime": "nodejs22.x",
            "url": "http://<host>/control-echo/dev/echo",
          },
        },
        "scientist": null,
      }
    `);
    const echoUrl = JSON.parse(endpoints.stdout).functions['control-echo'].url as string;
    expect(echoUrl.startsWith(gateway)).toBe(true);

    const response = await fetch(`${echoUrl}?say=hello`);
    expect([response.status, await response.text()]).toEqual([200, 'echo hello']);

    const redeploy = await scientist('deploy', path.join(root, 'functions/echo/node'));
    expect(redeploy.stdout).toMatch(/^deployed control-echo \(stage dev, 1 functions\) in \d+ ms$/m);

    const broken = path.join(root, 'broken');
    await mkdir(broken);
    await writeFile(
      path.join(broken, 'serverless.yml'),
      'service: broken\nprovider: { name: aws, runtime: nodejs22.x }\nplugins: [serverless-webpack]\n',
    );
    const failed = await scientist('deploy', broken);
    expect([failed.exitCode, failed.stderr.split('\n')]).toEqual([
      1,
      [
        `failed to deploy broken: ${broken}/serverless.yml:3:11: plugin serverless-webpack may change what is deployed, and the local cloud does not run plugins`,
        'scientist: 1 of 1 services failed to deploy',
      ],
    ]);

    const logs = await scientist('logs', 'control-echo', '--lines', '3');
    expect(logs.stdout).toMatch(/^REPORT RequestId: [0-9a-f-]+\tDuration: [\d.]+ ms/m);

    const down = await scientist('down');
    expect(down.stdout).toMatch(/^local cloud stopped \(pid \d+\)$/m);
    expect((await scientist('status')).stdout).toBe('not running');
    const deployWithoutCloud = await scientist('deploy', path.join(root, 'functions/echo/node'));
    expect([deployWithoutCloud.exitCode, deployWithoutCloud.stderr]).toEqual([
      1,
      'scientist: no local cloud runs here; start one with `scientist up --detach`',
    ]);
  }, 120_000);

  test('a port in use is one clear line', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const up = await scientistIn(path.join(root, 'port-state'), 'up', '--detach', '--port', String(port));
      expect([up.exitCode, up.stderr]).toEqual([
        1,
        `scientist: port ${port} is in use (needed for API Gateway on 127.0.0.1); choose another with --port`,
      ]);
    } finally {
      blocker.close();
    }
  });

  test('doctor reports toolchains, the CPU quota, ports and credentials', async () => {
    const doctor = await scientist('doctor', '--json', '--port', '3990');
    const checks = JSON.parse(doctor.stdout).checks as { name: string; status: string }[];
    expect(checks.map((check) => check.name)).toEqual(
      expect.arrayContaining(['runtime node', 'cpu quota', 'memory limit', 'port 3990', 'aws credentials']),
    );
    for (const check of checks) expect(['ok', 'warn', 'fail']).toContain(check.status);
    // What is certainly true here must read ok: this test runs on Node, and no local cloud holds 3990.
    const status = Object.fromEntries(checks.map((check) => [check.name, check.status]));
    expect(status['runtime node']).toBe('ok');
    expect(status['port 3990']).toBe('ok');
    // The exit code follows the checks: non-zero exactly when one fails.
    expect(doctor.exitCode !== 0).toBe(checks.some((check) => check.status === 'fail'));
  });
});

test('logs prints the last lines, then follows new ones until Ctrl-C', async () => {
  const logsDir = path.join(stateDir, 'logs');
  await mkdir(logsDir, { recursive: true });
  const log = path.join(logsDir, 'followed.log');
  await writeFile(log, 'one\ntwo\nthree\n');
  expect((await scientist('logs', 'followed', '--lines', '2')).stdout).toBe('two\nthree');
  const following = scientist('logs', 'followed', '--follow', '--lines', '1');
  let output = '';
  following.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const until = async (text: string) => {
    const deadline = Date.now() + 5_000;
    while (!output.includes(text) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
  };
  await until('three');
  await appendFile(log, 'four\n');
  await until('four');
  following.kill('SIGINT');
  await following;
  expect(output).toBe('three\nfour\n');
  const missing = await scientist('logs', 'nobody');
  expect(missing.stderr).toMatch(
    /^scientist: no log for function nobody \(looked in .*nobody\.log\); has it been invoked\?$/,
  );
});

test('after-deploy hooks run once every service is deployed, with the deployed services', async () => {
  const seen: string[][] = [];
  const hook = async ({
    services,
    traffic,
  }: {
    services: readonly { service: string }[];
    traffic: boolean;
  }) => {
    seen.push([...services.map((service) => service.service), `traffic:${traffic}`]);
  };
  afterDeployHooks.push(hook);
  const lines: string[] = [];
  const cloud = await bringUp(
    { root, stateDir: path.join(root, 'hook-state'), port: 0, host: '127.0.0.1', traffic: false },
    (line) => lines.push(line),
  );
  try {
    expect(seen).toEqual([['control-echo', 'traffic:false']]);
    expect(
      lines.some((line) => line.startsWith('function    control-echo (nodejs22.x, 128 MB): http://')),
    ).toBe(true);
  } finally {
    afterDeployHooks.splice(afterDeployHooks.indexOf(hook), 1);
    await cloud.stop();
  }
}, 60_000);
