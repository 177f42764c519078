import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineConformanceSuite } from './conformance/cases.js';
import { type RuntimeHarness, startRuntimeHarness } from './runtime-harness.js';

const moduleDir = fileURLToPath(new URL('./fixtures/go', import.meta.url));
// One bootstrap serves every case: the fixture picks its behaviour from the handler string (_HANDLER).
const buildDir = mkdtempSync(path.join(os.tmpdir(), 'go-bootstrap-'));

beforeAll(() => {
  execFileSync('go', ['build', '-trimpath', '-o', path.join(buildDir, 'bootstrap'), '.'], {
    cwd: moduleDir,
    env: { ...process.env, CGO_ENABLED: '0', GOOS: 'linux' },
    stdio: 'pipe',
    timeout: 240_000,
  });
}, 300_000);
afterAll(() => rmSync(buildDir, { recursive: true, force: true }));

defineConformanceSuite('go', buildDir, {
  cpuIterations: 20_000_000,
  definitionFor: (testCase) => ({ handler: testCase, codeDir: buildDir }),
});

describe('provided.al2023 runtime (a bootstrap built with aws-lambda-go)', () => {
  let harness: RuntimeHarness;

  beforeAll(async () => {
    harness = await startRuntimeHarness({ runtime: 'provided.al2023', codeDir: buildDir });
  });
  afterAll(() => harness?.close());

  it('reports a returned error with the Go type name, as aws-lambda-go does', async () => {
    await harness.deploy('go-error', 'handled-error');
    const result = await harness.invoke('go-error');
    expect(result.functionError).toBe('Unhandled');
    expect(result.body).toEqual({ errorMessage: 'handled failure', errorType: 'HandledError' });
  });

  it('reports a panic with aws-lambda-go’s stack frames', async () => {
    await harness.deploy('go-panic', 'panic');
    const result = await harness.invoke('go-panic');
    const body = result.body as { errorMessage: string; errorType: string; stackTrace: { label: string }[] };
    expect(body.errorMessage).toBe('boom: the handler panicked');
    expect(body.stackTrace.map((frame) => frame.label)).toContain('handle');
  });

  it('runs a bootstrap that is a shell script (provided.al2)', async () => {
    const scriptDir = path.join(buildDir, 'script');
    const script = path.join(scriptDir, 'bootstrap');
    execFileSync('mkdir', ['-p', scriptDir]);
    writeFileSync(
      script,
      [
        '#!/bin/sh',
        'set -eu',
        'api="http://$AWS_LAMBDA_RUNTIME_API/2018-06-01/runtime"',
        'while true; do',
        '  headers=$(mktemp)',
        '  event=$(curl -sS -D "$headers" "$api/invocation/next")',
        '  id=$(grep -i "^lambda-runtime-aws-request-id:" "$headers" | cut -d" " -f2 | tr -d "\\r")',
        '  curl -sS -o /dev/null -X POST "$api/invocation/$id/response" -d "{\\"echo\\":$event,\\"handler\\":\\"$_HANDLER\\"}"',
        'done',
        '',
      ].join('\n'),
    );
    chmodSync(script, 0o755);
    await harness.deploy('sh-echo', 'function.handler', { runtime: 'provided.al2', codeDir: scriptDir });
    const result = await harness.invoke('sh-echo', { answer: 42 });
    expect(result.body).toEqual({ echo: { answer: 42 }, handler: 'function.handler' });
  });
});
