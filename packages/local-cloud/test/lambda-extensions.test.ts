import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type FunctionDefinition, LambdaService } from '../src/index.js';

// A Node function that registers an internal extension with plain fetch at init (see the fixture).
const extensionDir = fileURLToPath(new URL('./fixtures/node-extension/', import.meta.url));
const plainDir = fileURLToPath(new URL('./fixtures/node/', import.meta.url));
const rustExtensionDir = fileURLToPath(new URL('./fixtures/rust-extension/', import.meta.url));

function hasCargo(): boolean {
  try {
    execFileSync('cargo', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function definition(name: string, overrides: Partial<FunctionDefinition> = {}): FunctionDefinition {
  return {
    name,
    runtime: 'nodejs20.x',
    handler: 'extension.handler',
    codeDir: extensionDir,
    memorySizeMb: 512,
    timeoutSeconds: 5,
    environment: {},
    region: 'eu-west-1',
    accountId: '000000000000',
    ...overrides,
  };
}

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return condition();
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('Lambda service: the Extensions API', () => {
  let service: LambdaService;
  let logsDir: string;

  beforeAll(async () => {
    logsDir = mkdtempSync(path.join(tmpdir(), 'lambda-extensions-'));
    service = await LambdaService.start({ port: 0, logsDir, idleTimeoutMs: 60_000 });
  });
  afterAll(async () => {
    await service?.stop();
    rmSync(logsDir, { recursive: true, force: true });
  });

  const log = (name: string) => readFileSync(service.logPath(name), 'utf8');
  const reportOf = (name: string, requestId: string) =>
    log(name)
      .split('\n')
      .find((line) => line.startsWith(`REPORT RequestId: ${requestId}`));
  const invoke = async (name: string, event: unknown = {}) => {
    const started = performance.now();
    const outcome = await service.invoke(name, JSON.stringify(event));
    return {
      ...outcome,
      latencyMs: performance.now() - started,
      json: JSON.parse(Buffer.from(outcome.payload).toString('utf8')),
    };
  };

  test('registration answers with the function, and is closed once init is over', async () => {
    await service.deploy(definition('ext-register'));
    const outcome = await invoke('ext-register', { registerLate: true });
    expect(outcome.functionError).toBeUndefined();
    expect(outcome.json.registered).toEqual({
      functionName: 'ext-register',
      functionVersion: '$LATEST',
      handler: 'extension.handler',
      accountId: '000000000000',
    });
    expect(outcome.json.lateRegistration).toEqual({
      status: 403,
      body: {
        errorType: 'Extension.RegistrationClosed',
        errorMessage: 'Extensions register only during init',
      },
    });
  }, 20_000);

  test('an extension that keeps working after the response: the caller has its answer first, the next invocation waits', async () => {
    const workMs = 600;
    await service.deploy(
      definition('ext-after', {
        environment: { EXTENSION_WORK_MS: String(workMs) },
        reservedConcurrency: 1,
      }),
    );
    const cold = await invoke('ext-after');
    await until(() => log('ext-after').includes(`END RequestId: ${cold.requestId}`), 5_000);

    const first = await invoke('ext-after');
    expect(first.functionError).toBeUndefined();
    expect(first.latencyMs).toBeLessThan(workMs / 2);
    // The environment is still busy with the extension: concurrency counts it, as on AWS.
    const meanwhile = await service.invoke('ext-after', '{}');
    expect(meanwhile).toMatchObject({ statusCode: 429, errorType: 'TooManyRequestsException' });
    // An event waits for the environment rather than taking another.
    const queued = await service.invoke('ext-after', '{}', { invocationType: 'Event' });
    expect(await until(() => log('ext-after').includes(`END RequestId: ${queued.requestId}`), 5_000)).toBe(
      true,
    );

    const text = log('ext-after');
    const workDone = text.indexOf(`extension work done ${first.requestId}`);
    const firstEnd = text.indexOf(`END RequestId: ${first.requestId}`);
    const nextStart = text.indexOf(`START RequestId: ${queued.requestId}`);
    expect(workDone).toBeGreaterThan(-1);
    expect(firstEnd).toBeGreaterThan(workDone);
    expect(nextStart).toBeGreaterThan(firstEnd);

    const report = reportOf('ext-after', first.requestId!)!;
    const extensionsMs = Number(/\tExtensions Duration: ([\d.]+) ms/.exec(report)?.[1]);
    const durationMs = Number(/\tDuration: ([\d.]+) ms/.exec(report)?.[1]);
    expect(extensionsMs).toBeGreaterThanOrEqual(workMs * 0.9);
    // Duration covers the post-runtime phase, as on AWS; Extensions Duration is the local addition.
    expect(durationMs).toBeGreaterThanOrEqual(extensionsMs);
    expect(report).toMatch(/^REPORT RequestId: \S+\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\t/);
    expect(report).not.toContain('Status:');
  }, 30_000);

  test('an extension still busy at the deadline: the caller has its answer, the environment is reset', async () => {
    await service.deploy(
      definition('ext-overrun', { environment: { EXTENSION_WORK_MS: '3000' }, timeoutSeconds: 1 }),
    );
    const outcome = await invoke('ext-overrun');
    expect(outcome.functionError).toBeUndefined();
    expect(outcome.latencyMs).toBeLessThan(1_000);
    expect(await until(() => reportOf('ext-overrun', outcome.requestId!) !== undefined, 5_000)).toBe(true);
    expect(reportOf('ext-overrun', outcome.requestId!)).toContain('Status: timeout');
    expect(await until(() => !alive(outcome.json.pid), 3_000)).toBe(true);
  }, 20_000);

  test('a crashing extension fails the invocation in flight with Extension.Crash', async () => {
    await service.deploy(definition('ext-crash', { environment: { EXTENSION_MODE: 'crash' } }));
    const outcome = await invoke('ext-crash', { sleepMs: 500 });
    expect(outcome.functionError).toBe('Unhandled');
    expect(outcome.json).toMatchObject({ errorType: 'Extension.Crash' });
    expect(outcome.json.errorMessage).toContain('fixture-extension exited with error: Extension.Fixture');
    await until(() => reportOf('ext-crash', outcome.requestId!) !== undefined, 5_000);
    expect(log('ext-crash')).toContain(
      'Error: extension fixture-extension exited with error: Extension.Fixture',
    );
    expect(reportOf('ext-crash', outcome.requestId!)).toContain('Status: error\tError Type: Extension.Crash');
    // The environment is reset: the next invocation gets a new one.
    expect(await until(() => service.environments('ext-crash').length === 0, 3_000)).toBe(true);
  }, 20_000);

  test('an extension registered for SHUTDOWN gets it at spin-down, and up to 2 s to finish', async () => {
    await service.deploy(
      definition('ext-shutdown', {
        environment: { EXTENSION_MODE: 'shutdown', EXTENSION_SHUTDOWN_MS: '400' },
      }),
    );
    await service.deploy(
      definition('ext-shutdown-slow', {
        environment: { EXTENSION_MODE: 'shutdown', EXTENSION_SHUTDOWN_MS: '5000' },
      }),
    );
    const quick = await invoke('ext-shutdown');
    const slow = await invoke('ext-shutdown-slow');
    await until(() => log('ext-shutdown-slow').includes(`END RequestId: ${slow.requestId}`), 5_000);
    const started = performance.now();
    await Promise.all([service.remove('ext-shutdown'), service.remove('ext-shutdown-slow')]);
    expect(await until(() => !alive(quick.json.pid), 3_000)).toBe(true);
    const quickGoneMs = performance.now() - started;
    expect(await until(() => !alive(slow.json.pid), 4_000)).toBe(true);
    const slowGoneMs = performance.now() - started;
    expect(log('ext-shutdown')).toContain('extension shutdown spindown started');
    expect(await until(() => log('ext-shutdown').includes('extension shutdown done'), 1_000)).toBe(true);
    expect(quickGoneMs).toBeGreaterThanOrEqual(350);
    expect(quickGoneMs).toBeLessThan(1_900);
    // The slow one is killed at the 2 s limit, before it finished.
    expect(log('ext-shutdown-slow')).toContain('extension shutdown spindown started');
    expect(log('ext-shutdown-slow')).not.toContain('extension shutdown done');
    expect(slowGoneMs).toBeGreaterThanOrEqual(1_900);
  }, 30_000);

  test('with internal extensions only, the runtime gets SIGTERM at spin-down, and 500 ms to finish', async () => {
    await service.deploy(definition('ext-sigterm', { environment: { RUNTIME_SIGTERM_MS: '100' } }));
    await service.deploy(definition('ext-sigterm-slow', { environment: { RUNTIME_SIGTERM_MS: '3000' } }));
    const quick = await invoke('ext-sigterm');
    const slow = await invoke('ext-sigterm-slow');
    await until(() => log('ext-sigterm-slow').includes(`END RequestId: ${slow.requestId}`), 5_000);
    const started = performance.now();
    await Promise.all([service.remove('ext-sigterm'), service.remove('ext-sigterm-slow')]);
    expect(await until(() => !alive(quick.json.pid), 2_000)).toBe(true);
    expect(await until(() => !alive(slow.json.pid), 2_000)).toBe(true);
    const slowGoneMs = performance.now() - started;
    expect(await until(() => log('ext-sigterm').includes('runtime shutdown done'), 1_000)).toBe(true);
    // The slow one is killed at the 500 ms limit, before it finished.
    expect(log('ext-sigterm-slow')).toContain('runtime got SIGTERM');
    expect(log('ext-sigterm-slow')).not.toContain('runtime shutdown done');
    expect(slowGoneMs).toBeGreaterThanOrEqual(450);
    expect(slowGoneMs).toBeLessThan(1_900);
  }, 30_000);

  test('a function without extensions has no Extensions Duration on its REPORT line', async () => {
    await service.deploy(definition('plain', { codeDir: plainDir, handler: 'ok.handler' }));
    const outcome = await invoke('plain');
    await until(() => reportOf('plain', outcome.requestId!) !== undefined, 5_000);
    expect(reportOf('plain', outcome.requestId!)).not.toContain('Extensions Duration');
  }, 20_000);
});

// A published extension client against the local cloud's Extensions API: the Rust lambda-extension
// crate, built once into a cache outside the repository (about 2 minutes the first time).
describe.skipIf(!hasCargo())(
  'Lambda service: an extension built with the Rust lambda-extension crate',
  () => {
    let service: LambdaService;
    let logsDir: string;
    let binary: string;

    beforeAll(async () => {
      const targetDir = path.join(tmpdir(), 'local-cloud-rust-extension-target');
      execFileSync(
        'cargo',
        [
          'build',
          '--release',
          '--locked',
          '--manifest-path',
          path.join(rustExtensionDir, 'Cargo.toml'),
          '--target-dir',
          targetDir,
        ],
        { stdio: 'inherit', timeout: 600_000 },
      );
      binary = path.join(targetDir, 'release', 'rust-extension');
      logsDir = mkdtempSync(path.join(tmpdir(), 'lambda-rust-extension-'));
      service = await LambdaService.start({ port: 0, logsDir, idleTimeoutMs: 60_000 });
    }, 660_000);
    afterAll(async () => {
      await service?.stop();
      if (logsDir) rmSync(logsDir, { recursive: true, force: true });
    });

    test('registers, finishes each invocation after the response, and gets SHUTDOWN at spin-down', async () => {
      const workMs = 500;
      await service.deploy(
        definition('rust-extension', {
          handler: 'rust.handler',
          environment: { RUST_EXTENSION_BINARY: binary, EXTENSION_WORK_MS: String(workMs) },
        }),
      );
      const log = () => readFileSync(service.logPath('rust-extension'), 'utf8');
      const cold = await service.invoke('rust-extension', '{}');
      expect(cold.functionError).toBeUndefined();
      await until(() => log().includes(`END RequestId: ${cold.requestId}`), 5_000);

      const started = performance.now();
      const warm = await service.invoke('rust-extension', '{}');
      const latencyMs = performance.now() - started;
      expect(latencyMs).toBeLessThan(workMs / 2);
      expect(await until(() => log().includes(`END RequestId: ${warm.requestId}`), 5_000)).toBe(true);
      // Its output reaches the log as it writes it (it shares the function's stdout).
      expect(await until(() => log().includes(`rust extension work done ${warm.requestId}`), 3_000)).toBe(
        true,
      );
      const text = log();
      expect(text).toContain('rust extension registered');
      const report = text.split('\n').find((line) => line.startsWith(`REPORT RequestId: ${warm.requestId}`))!;
      expect(Number(/\tExtensions Duration: ([\d.]+) ms/.exec(report)?.[1])).toBeGreaterThanOrEqual(
        workMs * 0.9,
      );

      const { extensionPid } = JSON.parse(Buffer.from(warm.payload).toString('utf8')) as {
        extensionPid: number;
      };
      await service.remove('rust-extension');
      expect(await until(() => log().includes('rust extension shutdown spindown'), 3_000)).toBe(true);
      expect(await until(() => !alive(extensionPid), 3_000)).toBe(true);
    }, 30_000);
  },
);
