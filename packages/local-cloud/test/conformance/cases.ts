/**
 * The Lambda conformance suite: the same cases for every runtime, through @aws-sdk/client-lambda only.
 *
 * Fixture contract. `fixturesDir` holds one handler per case; by default the function for case `c` is
 * `{ handler: '<c>.handler', codeDir: fixturesDir }` (override with `options.definitionFor`, e.g. for Go's
 * `bootstrap` per directory or Java's `package.Class::method` in a jar). The handlers:
 *   ok             returns the event unchanged (and may log a line).
 *   handled-error  fails deliberately with an error whose type/class name ends in `HandledError`,
 *                  message `handled failure`.
 *   unhandled      fails with an unexpected error (exception, panic) whose message contains `boom`.
 *   timeout        sleeps 5 s; it is deployed with a 1 s timeout.
 *   init-crash     fails while the module/class/program initialises, with a message containing `init boom`.
 *   exit           when `event.exit` is true, exits the process with status 1 mid-invoke; otherwise
 *                  returns `{ "survived": true }`.
 *   big            returns a 7 MB string (7 × 1024 × 1024 characters `x`).
 *   cpu            runs a CPU-bound loop of `event.iterations` iterations, e.g.
 *                  `state = (state * 31 + i) % 1000003`, and returns `{ "iterations": n, "state": state }`.
 *   env            returns an object with the variables AWS_LAMBDA_FUNCTION_NAME, AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
 *                  AWS_LAMBDA_FUNCTION_VERSION, AWS_REGION, LAMBDA_TASK_ROOT, CUSTOM_VARIABLE and the context's
 *                  functionName, memoryLimitInMB (as a string), awsRequestId, invokedFunctionArn and
 *                  remainingTimeMs (getRemainingTimeInMillis()).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InvokeCommand, type InvokeCommandOutput, LambdaClient } from '@aws-sdk/client-lambda';
// REPORT lines are read with the scientist's own parser, so the two cannot drift apart.
import { parseReportLine } from '@serverless-scientist/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type FunctionDefinition, LambdaService, megabytesPerVcpu } from '../../src/index.js';
import { cpuShare, cpuShareSampler } from './cpu-share.js';

export type ConformanceCase =
  | 'ok'
  | 'handled-error'
  | 'unhandled'
  | 'timeout'
  | 'init-crash'
  | 'exit'
  | 'big'
  | 'cpu'
  | 'env';

export interface ConformanceOptions {
  /** The runtime identifier to deploy with; defaults per language. */
  runtime?: string;
  /** Where a case's handler lives, when it is not `<case>.handler` in `fixturesDir`. */
  definitionFor?: (
    testCase: ConformanceCase,
    fixturesDir: string,
  ) => Pick<FunctionDefinition, 'handler'> & Partial<Pick<FunctionDefinition, 'codeDir' | 'artifact'>>;
  /** Concurrent invokes in the scale-out case (default 50). */
  concurrency?: number;
  /** Iterations of the `cpu` loop that take roughly 100-300 ms on one vCPU in this language. */
  cpuIterations?: number;
}

const defaultRuntimes = {
  node: 'nodejs22.x',
  python: 'python3.12',
  ruby: 'ruby3.3',
  java: 'java21',
  go: 'provided.al2023',
} as const;

export type ConformanceLanguage = keyof typeof defaultRuntimes;

/**
 * What each managed runtime reports when the `init-crash` fixture fails: the function's own error, which the
 * runtime client posts to /init/error. Only Go's aws-lambda-go posts nothing (the panic ends the process), so
 * Lambda itself reports the exit.
 */
const initErrors: Record<
  ConformanceLanguage,
  { errorType: string; errorMessage: RegExp; reportErrorType?: string }
> = {
  node: { errorType: 'Error', errorMessage: /^init boom$/ },
  python: { errorType: 'RuntimeError', errorMessage: /^init boom$/ },
  ruby: { errorType: 'Init<RuntimeError>', errorMessage: /^init boom$/ },
  // The Java client names the failure class in its error-type header, as the managed runtime does.
  java: {
    errorType: 'java.lang.ExceptionInInitializerError',
    errorMessage: /^Error loading class fixtures\.InitCrash$/,
    reportErrorType: 'Runtime.BadFunctionCode',
  },
  go: {
    errorType: 'Runtime.ExitError',
    errorMessage: /^RequestId: \S+ Error: Runtime exited with error: exit status 2$/,
  },
};

const decoder = new TextDecoder();

export function payloadJson(output: InvokeCommandOutput): unknown {
  return JSON.parse(decoder.decode(output.Payload));
}

export function logOf(output: InvokeCommandOutput): string {
  return Buffer.from(output.LogResult ?? '', 'base64').toString('utf8');
}

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return condition();
}

export function defineConformanceSuite(
  language: ConformanceLanguage,
  fixturesDir: string,
  options: ConformanceOptions = {},
): void {
  const runtime = options.runtime ?? defaultRuntimes[language];
  const concurrency = options.concurrency ?? 50;

  describe(`Lambda conformance: ${language} (${runtime})`, () => {
    let service: LambdaService;
    let client: LambdaClient;
    let logsDir: string;

    const functionName = (testCase: ConformanceCase, suffix = '') =>
      `conformance-${language}-${testCase}${suffix}`;

    async function deploy(
      testCase: ConformanceCase,
      overrides: Partial<FunctionDefinition> = {},
      suffix = '',
    ) {
      const location = options.definitionFor?.(testCase, fixturesDir) ?? { handler: `${testCase}.handler` };
      const definition: FunctionDefinition = {
        name: functionName(testCase, suffix),
        runtime,
        codeDir: fixturesDir,
        memorySizeMb: 512,
        timeoutSeconds: 10,
        environment: { CUSTOM_VARIABLE: 'custom value' },
        region: 'eu-west-1',
        accountId: '000000000000',
        ...location,
        ...overrides,
      };
      await service.deploy(definition);
      return definition;
    }

    const invoke = (name: string, payload: unknown, tail = true) =>
      client.send(
        new InvokeCommand({
          FunctionName: name,
          Payload: Buffer.from(JSON.stringify(payload)),
          LogType: tail ? 'Tail' : 'None',
        }),
      );

    beforeAll(async () => {
      logsDir = mkdtempSync(path.join(tmpdir(), `lambda-conformance-${language}-`));
      service = await LambdaService.start({ port: 0, logsDir });
      client = new LambdaClient({
        endpoint: service.endpoint,
        region: 'eu-west-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        maxAttempts: 1,
      });
    });

    afterAll(async () => {
      client?.destroy();
      await service?.stop();
      rmSync(logsDir, { recursive: true, force: true });
    });

    test('success: the event comes back, the first invoke is a cold start and the second reuses it', async () => {
      await deploy('ok');
      const event = { greeting: 'hello', nested: { list: [1, 2, 3] }, unicode: 'ünïcødé' };
      const cold = await invoke(functionName('ok'), event);
      expect(cold.StatusCode).toBe(200);
      expect(cold.FunctionError).toBeUndefined();
      expect(cold.ExecutedVersion).toBe('$LATEST');
      expect(payloadJson(cold)).toEqual(event);
      const coldReport = parseReportLine(logOf(cold));
      expect(coldReport?.initDurationMs).toBeGreaterThan(0);
      const warm = await invoke(functionName('ok'), event);
      expect(payloadJson(warm)).toEqual(event);
      const warmReport = parseReportLine(logOf(warm));
      expect(warmReport?.initDurationMs).toBeUndefined();
      expect(service.environments(functionName('ok'))).toHaveLength(1);
    }, 30_000);

    // A measurement on a shared two-core machine: a JVM's compiler threads or another suite can still tip
    // one sample, so it gets two more tries; a missing or wrong quota fails all three.
    test('CPU share follows memory: 128 MB gets 128/1769 of the CPU that 1,769 MB gets', {
      timeout: 60_000,
      retry: 2,
    }, async ({ skip }) => {
      await deploy('cpu', { memorySizeMb: megabytesPerVcpu, timeoutSeconds: 30 }, '-1769');
      await deploy('cpu', { memorySizeMb: 128, timeoutSeconds: 30 }, '-128');
      const run = async (suffix: string, iterations: number) => {
        const output = await invoke(functionName('cpu', suffix), { iterations });
        expect(output.FunctionError).toBeUndefined();
        expect(payloadJson(output)).toMatchObject({ iterations });
        return parseReportLine(logOf(output))!;
      };
      // Warm both environments (and the JIT) with a little work, then size the work to ~150 ms at one vCPU.
      const probeIterations = Math.max(1, Math.round((options.cpuIterations ?? 2_000_000) / 10));
      await run('-1769', probeIterations);
      const smallProbe = await run('-128', probeIterations);
      if (!service.cpuQuota().available) {
        expect(smallProbe.note).toContain('CPU not throttled');
        // Reported as skipped, not passed: nothing about the share was measured.
        skip(`no CPU quota can be set on this machine (${service.cpuQuota().detail})`);
      }
      const probe = await run('-1769', probeIterations);
      const iterations = Math.max(
        probeIterations,
        Math.round((probeIterations * 150) / Math.max(1, probe.durationMs)),
      );
      // The share each environment got while it could run: CPU time ÷ (CPU time + time its quota throttled
      // it). Other suites on a busy machine make both wait for a core, which counts as neither, so only a
      // missing or wrong quota moves the ratio.
      const shareOf = async (suffix: string) => {
        const environments = service.environments(functionName('cpu', suffix));
        expect(environments).toHaveLength(1);
        const sample = cpuShareSampler(environments[0]!.pid!);
        const before = sample();
        await run(suffix, iterations);
        await run(suffix, iterations);
        return cpuShare(before, sample());
      };
      const full = await shareOf('-1769');
      const small = await shareOf('-128');
      const expected = megabytesPerVcpu / 128;
      expect(full / small).toBeGreaterThan(expected * 0.75);
      expect(full / small).toBeLessThan(expected * 1.25);
    });

    test('log tail: START, END and an AWS-format REPORT line for this request', async () => {
      const output = await invoke(functionName('ok'), { tail: true });
      const log = logOf(output);
      const requestId = output.$metadata.requestId!;
      expect(log).toContain(`START RequestId: ${requestId} Version: $LATEST`);
      expect(log).toContain(`END RequestId: ${requestId}`);
      expect(log).toMatch(
        /REPORT RequestId: \S+\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 512 MB\tMax Memory Used: \d+ MB\t/,
      );
      const report = parseReportLine(log)!;
      expect(report.requestId).toBe(requestId);
      expect(report.memorySizeMb).toBe(512);
      expect(report.maxMemoryUsedMb).toBeGreaterThan(0);
      expect(report.billedDurationMs).toBeGreaterThanOrEqual(Math.floor(report.durationMs));
      const logFile = service.logPath(functionName('ok'));
      expect(
        await until(() => readFileSync(logFile, 'utf8').includes(`END RequestId: ${requestId}`), 5_000),
      ).toBe(true);
    }, 30_000);

    test('handled error: Unhandled with the error type and message', async () => {
      await deploy('handled-error');
      const output = await invoke(functionName('handled-error'), {});
      expect(output.StatusCode).toBe(200);
      expect(output.FunctionError).toBe('Unhandled');
      const error = payloadJson(output) as { errorType: string; errorMessage: string };
      // Ruby's managed runtime reports `Function<HandledError>`, Java the fully qualified class name.
      expect(error.errorType).toMatch(/HandledError>?$/);
      expect(error.errorMessage).toBe('handled failure');
      expect(parseReportLine(logOf(output))?.status).toBe('error');
    }, 30_000);

    test('unhandled exception: Unhandled with the message, and the environment stays warm', async () => {
      await deploy('unhandled');
      const output = await invoke(functionName('unhandled'), {});
      expect(output.FunctionError).toBe('Unhandled');
      expect((payloadJson(output) as { errorMessage: string }).errorMessage).toContain('boom');
      const again = await invoke(functionName('unhandled'), {});
      expect(again.FunctionError).toBe('Unhandled');
      expect(parseReportLine(logOf(again))?.initDurationMs).toBeUndefined();
    }, 30_000);

    test('timeout: Task timed out after 1.xx seconds, and the environment is replaced', async () => {
      await deploy('timeout', { timeoutSeconds: 1 });
      const started = Date.now();
      const output = await invoke(functionName('timeout'), {});
      expect(Date.now() - started).toBeLessThan(4_500);
      expect(output.FunctionError).toBe('Unhandled');
      const error = payloadJson(output) as { errorMessage: string };
      expect(error.errorMessage).toMatch(/^\d{4}-\d\d-\d\dT\S+Z \S+ Task timed out after 1\.\d\d seconds$/);
      const report = parseReportLine(logOf(output))!;
      expect(report.status).toBe('timeout');
      expect(report.durationMs).toBeGreaterThanOrEqual(1000);
      expect(logOf(output)).toContain('Task timed out after');
      expect(await until(() => service.environments(functionName('timeout')).length === 0, 5_000)).toBe(true);
    }, 30_000);

    test("init crash: Unhandled with the function's own init error, no warm environment left behind", async () => {
      await deploy('init-crash');
      const expected = initErrors[language];
      for (let attempt = 0; attempt < 2; attempt++) {
        const output = await invoke(functionName('init-crash'), {});
        expect(output.FunctionError).toBe('Unhandled');
        // The runtime client's /init/error document, not a process exit, except where AWS reports the exit too.
        const error = payloadJson(output) as { errorType?: string; errorMessage?: string };
        expect(error.errorType).toBe(expected.errorType);
        expect(error.errorMessage).toMatch(expected.errorMessage);
        expect(parseReportLine(logOf(output))).toMatchObject({
          status: 'error',
          errorType: expected.reportErrorType ?? expected.errorType,
        });
      }
      expect(await until(() => service.environments(functionName('init-crash')).length === 0, 5_000)).toBe(
        true,
      );
    }, 30_000);

    test('process exit mid-invoke: Runtime.ExitError, then a fresh environment serves', async () => {
      await deploy('exit');
      const output = await invoke(functionName('exit'), { exit: true });
      expect(output.FunctionError).toBe('Unhandled');
      const error = payloadJson(output) as { errorType: string; errorMessage: string };
      expect(error.errorType).toBe('Runtime.ExitError');
      expect(error.errorMessage).toBe(
        `RequestId: ${output.$metadata.requestId} Error: Runtime exited with error: exit status 1`,
      );
      const report = parseReportLine(logOf(output))!;
      expect(report).toMatchObject({ status: 'error', errorType: 'Runtime.ExitError' });
      const next = await invoke(functionName('exit'), { exit: false });
      expect(payloadJson(next)).toEqual({ survived: true });
      expect(parseReportLine(logOf(next))?.initDurationMs).toBeGreaterThan(0);
    }, 30_000);

    test('7 MB response: Function.ResponseSizeTooLarge', async () => {
      await deploy('big');
      const output = await invoke(functionName('big'), {});
      expect(output.StatusCode).toBe(200);
      expect(output.FunctionError).toBe('Unhandled');
      expect(payloadJson(output)).toEqual({
        errorType: 'Function.ResponseSizeTooLarge',
        errorMessage: expect.stringMatching(
          /^Response payload size \(\d+ bytes\) exceeded maximum allowed payload size \(6291556 bytes\)\.$/,
        ),
      });
    }, 30_000);

    test(`${concurrency} concurrent invokes scale out to several environments`, async () => {
      // Many cold starts at once share this machine's few cores: give their init phase room.
      await deploy('ok', { timeoutSeconds: 30 }, '-concurrent');
      const name = functionName('ok', '-concurrent');
      const outputs = await Promise.all(
        Array.from({ length: concurrency }, (_, index) => invoke(name, { index }, false)),
      );
      // Whole outcomes, so that a failure shows the runtime's error document rather than just "Unhandled".
      expect(
        outputs.map((output) => ({ functionError: output.FunctionError, payload: payloadJson(output) })),
      ).toEqual(outputs.map((_, index) => ({ functionError: undefined, payload: { index } })));
      expect(service.environments(name).length).toBeGreaterThan(1);
      expect(service.environments(name).length).toBeLessThanOrEqual(concurrency);
      await service.remove(name);
    }, 120_000);

    test('Event invokes are accepted with 202 and run once', async () => {
      const outputs = await Promise.all(
        [1, 2, 3].map((index) =>
          client.send(
            new InvokeCommand({
              FunctionName: functionName('ok'),
              InvocationType: 'Event',
              Payload: Buffer.from(JSON.stringify({ event: index })),
            }),
          ),
        ),
      );
      for (const output of outputs) {
        expect(output.StatusCode).toBe(202);
        expect(output.Payload?.length ?? 0).toBe(0);
      }
      const logFile = service.logPath(functionName('ok'));
      const ran = (id: string) => readFileSync(logFile, 'utf8').split(`END RequestId: ${id}`).length - 1;
      expect(
        await until(() => outputs.every((output) => ran(output.$metadata.requestId!) === 1), 15_000),
      ).toBe(true);
    }, 30_000);

    test('environment: AWS-provided variables, the function configuration and a real context', async () => {
      await deploy('env', { memorySizeMb: 256, timeoutSeconds: 7 });
      const output = await invoke(functionName('env'), {});
      expect(output.FunctionError).toBeUndefined();
      const seen = payloadJson(output) as Record<string, unknown>;
      expect(seen).toMatchObject({
        AWS_LAMBDA_FUNCTION_NAME: functionName('env'),
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        AWS_REGION: 'eu-west-1',
        LAMBDA_TASK_ROOT: expect.any(String),
        CUSTOM_VARIABLE: 'custom value',
        functionName: functionName('env'),
        memoryLimitInMB: '256',
        awsRequestId: output.$metadata.requestId,
        invokedFunctionArn: `arn:aws:lambda:eu-west-1:000000000000:function:${functionName('env')}`,
      });
      expect(seen.remainingTimeMs).toBeGreaterThan(5_000);
      expect(seen.remainingTimeMs).toBeLessThanOrEqual(7_000);
    }, 30_000);
  });
}
