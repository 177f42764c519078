import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';

const run = promisify(execFile);
const packageDir = path.resolve(import.meta.dirname, '..');
const out = mkdtempSync(path.join(tmpdir(), 'scientist-package-'));

type Template = { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
let template: Template;

beforeAll(async () => {
  // No credentials and no network to AWS: packaging must work offline.
  const env = {
    ...process.env,
    SLS_TELEMETRY_DISABLED: '1',
    AWS_ACCESS_KEY_ID: '',
    AWS_SECRET_ACCESS_KEY: '',
    AWS_PROFILE: '',
  };
  const serverless = path.resolve(packageDir, '../../node_modules/.bin/serverless');
  // Serverless clears the service's own .serverless even when packaging elsewhere: package a copy,
  // so that what the package target left there (which the template lint reads) stays.
  const copy = path.join(out, 'service');
  cpSync(packageDir, copy, {
    recursive: true,
    filter: (source) => !/\/(\.serverless|node_modules)$/.test(source),
  });
  await run(serverless, ['package', '--package', path.join(out, 'package')], {
    cwd: copy,
    env,
    timeout: 90_000,
  });
  template = JSON.parse(
    readFileSync(path.join(out, 'package', 'cloudformation-template-update-stack.json'), 'utf8'),
  );
}, 120_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

test('packages only the bundled handlers, the dashboard and the experiments', async () => {
  const { stdout } = await run('unzip', ['-Z1', path.join(out, 'package', 'scientist.zip')]);
  const files = stdout.trim().split('\n').sort();
  const dashboard = files.filter((file) => file.startsWith('dist/dashboard/'));
  expect(dashboard).toContain('dist/dashboard/index.html');
  expect(
    dashboard.filter((file) => !/^dist\/dashboard\/(index\.html|assets\/[\w.-]+\.(js|css))$/.test(file)),
  ).toEqual([]);
  expect(files.filter((file) => !file.startsWith('dist/dashboard/'))).toEqual([
    'dist/lambda/api.mjs',
    'dist/lambda/api.mjs.map',
    'dist/lambda/proxy.mjs',
    'dist/lambda/proxy.mjs.map',
    'dist/lambda/rollouts.mjs',
    'dist/lambda/rollouts.mjs.map',
    'dist/lambda/runner.mjs',
    'dist/lambda/runner.mjs.map',
    'experiments.yaml',
  ]);
});

test('grants least privilege: no wildcard resource, DynamoDB only on its table', () => {
  const role = template.Resources.IamRoleLambdaExecution?.Properties as {
    Policies: { PolicyDocument: { Statement: { Action: string[]; Resource: unknown[] }[] } }[];
  };
  const statements = role.Policies.flatMap((policy) => policy.PolicyDocument.Statement);
  // X-Ray's PutTraceSegments and PutTelemetryRecords have no resource-level permissions.
  const xray = statements.filter((s) => s.Action.every((action) => action.startsWith('xray:')));
  expect(xray.flatMap((s) => s.Action).sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
  for (const statement of statements.filter((s) => !xray.includes(s))) {
    for (const resource of statement.Resource) expect(resource, statement.Action.join()).not.toBe('*');
  }
  const dynamodb = statements.find((s) => s.Action.some((action) => action.startsWith('dynamodb:')));
  expect(dynamodb?.Resource).toEqual([{ 'Fn::GetAtt': ['ScientistTable', 'Arn'] }]);
  const invoke = statements.find((s) => s.Action.includes('lambda:InvokeFunction'));
  const names = invoke?.Resource.map((resource) =>
    (resource as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1].at(-1),
  );
  expect(names).toEqual(['scientist-dev-runner', 'scientist-dev-rollouts', 'control-*', 'candidate-*']);
});

test('creates an on-demand table with TTL and never retries the runner', () => {
  expect(template.Resources.ScientistTable?.Properties).toMatchObject({
    TableName: 'scientist-dev',
    BillingMode: 'PAY_PER_REQUEST',
    TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
  });
  const retries = Object.values(template.Resources).find(
    (resource) => resource.Type === 'AWS::Lambda::EventInvokeConfig',
  );
  expect(retries?.Properties).toMatchObject({ MaximumRetryAttempts: 0 });
  const handlers = Object.values(template.Resources)
    .filter((resource) => resource.Type === 'AWS::Lambda::Function')
    .map((resource) => [resource.Properties.Handler, resource.Properties.Runtime]);
  expect(handlers).toEqual([
    ['dist/lambda/proxy.handler', 'nodejs24.x'],
    ['dist/lambda/runner.handler', 'nodejs24.x'],
    ['dist/lambda/rollouts.handler', 'nodejs24.x'],
    ['dist/lambda/api.handler', 'nodejs24.x'],
  ]);
});

test('evaluates rollouts every minute as a backstop, never retried', () => {
  const rules = Object.values(template.Resources).filter((resource) => resource.Type === 'AWS::Events::Rule');
  expect(rules.map((rule) => rule.Properties.ScheduleExpression)).toEqual(['rate(1 minute)']);
  const retries = Object.values(template.Resources).filter(
    (resource) => resource.Type === 'AWS::Lambda::EventInvokeConfig',
  );
  expect(retries.map((resource) => resource.Properties.MaximumRetryAttempts)).toEqual([0, 0]);
});
