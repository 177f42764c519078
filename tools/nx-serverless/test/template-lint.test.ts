import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { pythonTools } from '../src/python-tools.js';
import { iamProblems } from '../src/template-check.js';

const run = promisify(execFile);
const workspaceRoot = fileURLToPath(new URL('../../..', import.meta.url));
const serverless = join(workspaceRoot, 'node_modules/serverless/bin/serverless.js');
const lintTemplates = join(workspaceRoot, 'tools/nx-serverless/bin/lint-templates.js');
const outputs = mkdtempSync(join(tmpdir(), 'lint-templates-'));
afterAll(() => rmSync(outputs, { recursive: true, force: true }));

const offline = { ...process.env, SLS_TELEMETRY_DISABLED: '1', FORCE_COLOR: '0', AWS_PROFILE: '' };

async function packaged(dir: string, name: string): Promise<string> {
  const output = join(outputs, name);
  // Serverless clears the service's own .serverless even when packaging elsewhere: package a copy,
  // so that the template the variant's package target left (which the template lint reads) stays.
  const copy = join(outputs, `${name}-service`);
  cpSync(dir, copy, { recursive: true, filter: (source) => !source.endsWith('/.serverless') });
  await run(process.execPath, [serverless, 'package', '--package', output], { cwd: copy, env: offline });
  return join(output, 'cloudformation-template-update-stack.json');
}

async function lint(...templates: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, [lintTemplates, ...templates], { cwd: outputs });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    if (failed.code === 2) throw new Error(failed.stderr);
    return { code: failed.code, stdout: failed.stdout };
  }
}

describe('lint-templates on real packaged templates', () => {
  beforeAll(() => pythonTools(), 600_000);

  test('a real service passes; a deprecated runtime and a "*" resource fail, each named', async () => {
    const [good, loose] = await Promise.all([
      packaged(join(workspaceRoot, 'functions/round/control-node'), 'good'),
      packaged(fileURLToPath(new URL('./fixtures/loose-template', import.meta.url)), 'loose'),
    ]);
    const passed = await lint(good);
    expect(passed.code).toBe(0);
    expect(passed.stdout).toMatch(/^1 template linted in [\d.]+ s \(cfn-lint [\d.]+ s\): 0 problems\n$/);

    const failed = await lint(good, loose);
    expect(failed.code).toBe(1);
    const lines = failed.stdout.trim().split('\n');
    expect(lines.slice(0, -1)).toEqual([
      "loose/cloudformation-template-update-stack.json: Resources/MainLambdaFunction/Properties/Runtime: W2531 (warning) Runtime 'nodejs20.x' was deprecated on '2026-04-30'. Creation was disabled on '2027-02-01' and update on '2027-03-03'. Please consider updating to 'nodejs24.x'",
      "loose/cloudformation-template-update-stack.json: Resources/IamRoleLambdaExecution/Properties/Policies/0/PolicyDocument/Statement/2: Resource '*' for dynamodb:GetItem: these take resource ARNs (only xray:PutTraceSegments, xray:PutTelemetryRecords may use '*')",
    ]);
    expect(lines.at(-1)).toMatch(/^2 templates linted in .*: 2 problems$/);
  }, 300_000);
});

describe('least-privilege IAM', () => {
  const role = (...Statement: unknown[]) => ({
    Resources: {
      Role: { Type: 'AWS::IAM::Role', Properties: { Policies: [{ PolicyDocument: { Statement } }] } },
    },
  });
  const at = 'Resources/Role/Properties/Policies/0/PolicyDocument/Statement';

  test('named actions on named resources, and X-Ray on "*", pass', () => {
    expect(
      iamProblems(
        role(
          { Effect: 'Allow', Action: ['dynamodb:GetItem'], Resource: [{ 'Fn::GetAtt': ['Table', 'Arn'] }] },
          { Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: ['*'] },
          { Effect: 'Deny', Action: '*', Resource: '*' },
        ),
        't.json',
      ),
    ).toEqual([]);
  });

  test('wildcard actions, unexplained "*" resources and NotAction are refused', () => {
    expect(
      iamProblems(
        role(
          { Effect: 'Allow', Action: 'lambda:*', Resource: 'arn:aws:lambda:eu-west-1:1:function:x' },
          { Effect: 'Allow', Action: ['xray:PutTraceSegments', 's3:GetObject'], Resource: '*' },
          { Effect: 'Allow', NotAction: 'iam:*', Resource: 'arn:aws:s3:::b' },
        ),
        't.json',
      ),
    ).toEqual([
      { file: 't.json', where: `${at}/0`, message: "action 'lambda:*' is a wildcard: name the actions" },
      {
        file: 't.json',
        where: `${at}/1`,
        message:
          "Resource '*' for s3:GetObject: these take resource ARNs (only xray:PutTraceSegments, xray:PutTelemetryRecords may use '*')",
      },
      {
        file: 't.json',
        where: `${at}/2`,
        message: 'NotAction/NotResource grant everything else: list what is allowed',
      },
    ]);
  });
});
