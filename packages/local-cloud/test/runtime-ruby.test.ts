import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineConformanceSuite } from './conformance/cases.js';
import { type RuntimeHarness, startRuntimeHarness } from './runtime-harness.js';

const codeDir = fileURLToPath(new URL('./fixtures/ruby', import.meta.url));

defineConformanceSuite('ruby', codeDir, { cpuIterations: 2_000_000 });

describe('ruby3.3 runtime (standard-library client against the local Runtime API)', () => {
  let harness: RuntimeHarness;

  beforeAll(async () => {
    harness = await startRuntimeHarness({ runtime: 'ruby3.3', codeDir });
  });
  afterAll(() => harness?.close());

  it('calls class-method handlers (file.Module::Class.method)', async () => {
    await harness.deploy('rb-class', 'greeter.Fixtures::Greeter.greet');
    const result = await harness.invoke('rb-class', { name: 'Ada' });
    expect(result.body).toMatchObject({
      greeting: 'hello Ada',
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it('reports a raised error as Function<Class> with the handler frames only', async () => {
    await harness.deploy('rb-handled', 'handled-error.handler');
    const result = await harness.invoke('rb-handled');
    expect(result.functionError).toBe('Unhandled');
    expect(result.body).toEqual({
      errorMessage: 'handled failure',
      errorType: 'Function<HandledError>',
      stackTrace: [`${codeDir}/handled-error.rb:5:in \`handler'`],
    });
  });

  it('reports a file that fails to load as Init<Class>', async () => {
    await harness.deploy('rb-init', 'init-crash.handler');
    const result = await harness.invoke('rb-init');
    expect(result.functionError).toBe('Unhandled');
    expect(result.body).toMatchObject({ errorType: 'Init<RuntimeError>', errorMessage: 'init boom' });
  });

  it('names a missing handler method', async () => {
    await harness.deploy('rb-nomethod', 'ok.no_such_method');
    const result = await harness.invoke('rb-nomethod');
    expect(result.body).toMatchObject({
      errorType: 'Init<NoMethodError>',
      errorMessage: "undefined method `no_such_method' for ok",
    });
  });

  it('sends puts output to the function log', async () => {
    await harness.deploy('rb-ok', 'ok.handler');
    const { log } = await harness.invoke('rb-ok');
    expect(log.indexOf('ok fixture: returning the event')).toBeGreaterThan(log.indexOf('START RequestId'));
  });
});
