import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareJavaRuntime } from '../src/runtimes/java/java-launcher.js';
import { type ConformanceCase, defineConformanceSuite } from './conformance/cases.js';
import { type RuntimeHarness, startRuntimeHarness } from './runtime-harness.js';

const projectDir = fileURLToPath(new URL('./fixtures/java', import.meta.url));
const artifact = `${projectDir}/target/fixtures.jar`;

// Built as a Java function is (a shaded jar with aws-lambda-java-core and -events), with the runtime client beside it.
beforeAll(async () => {
  execFileSync('mvn', ['-q', '-B', 'package'], { cwd: projectDir, stdio: 'pipe', timeout: 240_000 });
  await prepareJavaRuntime();
}, 300_000);

const methods: Record<ConformanceCase, string> = {
  ok: 'ok',
  'handled-error': 'handledError',
  unhandled: 'unhandled',
  timeout: 'timeout',
  'init-crash': 'initCrash',
  exit: 'exit',
  big: 'big',
  cpu: 'cpu',
  env: 'env',
};

defineConformanceSuite('java', projectDir, {
  runtime: 'java17',
  cpuIterations: 20_000_000,
  // Each cold start is a JVM (≈0.5 s of CPU): 50 at once on a 2-core machine shared with other suites take
  // minutes. Twelve still scale out to many environments and finish within the case's budget.
  concurrency: 12,
  definitionFor: (testCase) => ({
    handler:
      testCase === 'init-crash'
        ? 'fixtures.InitCrash::handleRequest'
        : `fixtures.Conformance::${methods[testCase]}`,
    artifact,
  }),
});

describe('java17 runtime (AWS runtime interface client against the local Runtime API)', () => {
  let harness: RuntimeHarness;

  beforeAll(async () => {
    harness = await startRuntimeHarness({ runtime: 'java17', codeDir: projectDir, artifact });
  });
  afterAll(() => harness?.close());

  it('serialises API Gateway events types as the managed runtime does', async () => {
    await harness.deploy('java-apigw', 'fixtures.Hello::handleRequest');
    const result = await harness.invoke('java-apigw', {
      resource: '/hello',
      path: '/hello',
      httpMethod: 'GET',
      queryStringParameters: { name: 'ada' },
      multiValueQueryStringParameters: { name: ['ada'] },
      headers: { Host: 'localhost' },
      requestContext: { stage: 'dev', requestId: 'r-1' },
      isBase64Encoded: false,
    });
    expect(result.functionError).toBeUndefined();
    const body = result.body as { statusCode: number; headers: Record<string, string>; body: string };
    expect(Object.keys(body)).toEqual(['statusCode', 'headers', 'body']);
    expect(body.statusCode).toBe(200);
    expect(body.headers).toEqual({ 'content-type': 'application/json' });
    expect(JSON.parse(body.body)).toMatchObject({ hello: 'ada', path: '/hello' });
  }, 20_000);

  it('maps plain objects through RequestHandler<I, O> by their bean properties', async () => {
    await harness.deploy('java-pojo', 'fixtures.Greeter::handleRequest');
    const result = await harness.invoke('java-pojo', { firstName: 'Ada', age: 36 });
    expect(result.body).toEqual({ message: 'hello Ada', adult: true });
  }, 20_000);

  it('reports a thrown exception with its class name and stack', async () => {
    await harness.deploy('java-error', 'fixtures.Conformance::handledError');
    const result = await harness.invoke('java-error');
    expect(result.functionError).toBe('Unhandled');
    const body = result.body as { errorMessage: string; errorType: string; stackTrace: string[] };
    expect(body.errorType).toBe('fixtures.Conformance$HandledError');
    expect(body.errorMessage).toBe('handled failure');
    expect(body.stackTrace[0]).toBe('fixtures.Conformance.handledError(Conformance.java:23)');
  }, 20_000);

  it('reports a failing static initialiser as an init error', async () => {
    await harness.deploy('java-init', 'fixtures.InitCrash::handleRequest');
    const result = await harness.invoke('java-init');
    expect(result.functionError).toBe('Unhandled');
    expect(result.body).toEqual({
      errorMessage: 'Error loading class fixtures.InitCrash',
      errorType: 'java.lang.ExceptionInInitializerError',
    });
  }, 20_000);
});
