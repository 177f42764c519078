import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preparePythonRuntime } from '../src/runtimes/python/python-launcher.js';
import { defineConformanceSuite } from './conformance/cases.js';
import { type RuntimeHarness, startRuntimeHarness } from './runtime-harness.js';

const codeDir = fileURLToPath(new URL('./fixtures/python', import.meta.url));

// awslambdaric is installed from PyPI on first use; do it once, before any environment starts.
beforeAll(() => preparePythonRuntime('python3.12'), 180_000);

defineConformanceSuite('python', codeDir, { cpuIterations: 2_000_000 });

describe('python3.12 runtime (awslambdaric against the local Runtime API)', () => {
  let harness: RuntimeHarness;

  beforeAll(async () => {
    harness = await startRuntimeHarness({ runtime: 'python3.12', codeDir });
  });
  afterAll(() => harness?.close());

  it('reports a raised exception in AWS shape, with the user frames only', async () => {
    await harness.deploy('py-handled', 'handled-error.handler');
    const result = await harness.invoke('py-handled');
    expect(result.functionError).toBe('Unhandled');
    const body = result.body as {
      errorMessage: string;
      errorType: string;
      requestId: string;
      stackTrace: string[];
    };
    expect(body).toMatchObject({ errorType: 'HandledError', errorMessage: 'handled failure' });
    expect(body.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.stackTrace).toEqual([
      `  File "${codeDir}/handled-error.py", line 6, in handler\n    raise HandledError("handled failure")\n`,
    ]);
    expect(result.log).toContain('[ERROR] HandledError: handled failure');
  });

  it('loads handlers from a sub-package path (pkg/mod.fn) with the task root on sys.path', async () => {
    await harness.deploy('py-nested', 'nested/greeter.greet');
    const result = await harness.invoke('py-nested', { name: 'Ada' });
    expect(result.body).toEqual({ greeting: 'hello Ada', vendored: 'vendored-dependency 1.0' });
  });

  it('reports a failing import with the managed runtime’s message', async () => {
    await harness.deploy('py-missing', 'no_such_module.handler');
    const result = await harness.invoke('py-missing');
    expect(result.functionError).toBe('Unhandled');
    expect(result.body).toMatchObject({
      errorType: 'Runtime.ImportModuleError',
      errorMessage: "Unable to import module 'no_such_module': No module named 'no_such_module'",
    });
    expect(result.log).toContain(
      "[ERROR] Runtime.ImportModuleError: Unable to import module 'no_such_module': No module named 'no_such_module'",
    );
  });

  it('sends print() output to the function log, between START and REPORT', async () => {
    await harness.deploy('py-ok', 'ok.handler');
    const { log } = await harness.invoke('py-ok');
    expect(log.indexOf('ok fixture: returning the event')).toBeGreaterThan(log.indexOf('START RequestId'));
    expect(log.indexOf('ok fixture: returning the event')).toBeLessThan(log.indexOf('REPORT RequestId'));
  });
});
