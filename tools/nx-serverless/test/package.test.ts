import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, expect, test } from 'vitest';
import { readService, targetsFor } from '../src/index.js';

const run = promisify(execFile);
const workspaceRoot = fileURLToPath(new URL('../../..', import.meta.url));
const serverless = join(workspaceRoot, 'node_modules/serverless/bin/serverless.js');
const outputs = mkdtempSync(join(tmpdir(), 'sls-package-'));
afterAll(() => rmSync(outputs, { recursive: true, force: true }));

// No credentials at all: packaging must work offline, as on a workshop laptop.
const offline = {
  ...process.env,
  SLS_TELEMETRY_DISABLED: '1',
  FORCE_COLOR: '0',
  AWS_ACCESS_KEY_ID: '',
  AWS_SECRET_ACCESS_KEY: '',
  AWS_PROFILE: '',
};

type Resource = { Type: string; Properties: Record<string, unknown> };

/** Builds the variant the way its Nx build target does, packages it, and reads the template. */
async function packageVariant(root: string) {
  const service = readService(workspaceRoot, `${root}/serverless.yml`);
  const build = targetsFor(service).build?.options as
    | { command: string; env?: Record<string, string> }
    | undefined;
  const cwd = join(workspaceRoot, root);
  if (build) await run('sh', ['-c', build.command], { cwd, env: { ...process.env, ...build.env } });
  const output = join(outputs, service.name);
  // Serverless clears the service's own .serverless before packaging, even with --package
  // elsewhere: package a copy, so the variant's packaged template (which the template lint and
  // the deploys read) stays as its package target left it.
  const copy = join(outputs, `${service.name}-service`);
  cpSync(cwd, copy, { recursive: true, filter: (source) => !source.endsWith('/.serverless') });
  await run(process.execPath, [serverless, 'package', '--package', output], { cwd: copy, env: offline });
  const template = JSON.parse(
    readFileSync(join(output, 'cloudformation-template-update-stack.json'), 'utf8'),
  );
  const resources = Object.values(template.Resources) as Resource[];
  const lambda = resources.find((resource) => resource.Type === 'AWS::Lambda::Function')!;
  return {
    name: lambda.Properties.FunctionName,
    runtime: lambda.Properties.Runtime,
    handler: lambda.Properties.Handler,
    memory: lambda.Properties.MemorySize,
    paths: resources.filter((r) => r.Type === 'AWS::ApiGateway::Resource').map((r) => r.Properties.PathPart),
    methods: resources
      .filter((r) => r.Type === 'AWS::ApiGateway::Method')
      .map((r) => r.Properties.HttpMethod),
  };
}

test.each([
  ['functions/round/control-node', 'control-round', 'nodejs24.x', 'handler.handler', 128, 'round', 'GET'],
  [
    'functions/sort/candidate-python',
    'candidate-sort-python',
    'python3.14',
    'handler.handler',
    128,
    'sort',
    'POST',
  ],
  [
    'functions/fizzbuzz/candidate-ruby',
    'candidate-fizzbuzz-ruby',
    'ruby4.0',
    'handler.handler',
    128,
    'fizzbuzz',
    'GET',
  ],
  ['functions/round/candidate-go', 'candidate-round-go', 'provided.al2023', 'bootstrap', 128, 'round', 'GET'],
  [
    'functions/pbkdf2/candidate-java',
    'candidate-pbkdf2-java',
    'java25',
    'scientist.pbkdf2.Handler::handleRequest',
    512,
    'pbkdf2',
    'GET',
  ],
  ['functions/pbkdf2/control-node', 'control-pbkdf2', 'nodejs24.x', 'handler.handler', 128, 'pbkdf2', 'GET'],
])(
  '%s packages offline into the right CloudFormation',
  async (root, name, runtime, handler, memory, path, method) => {
    expect(await packageVariant(root)).toEqual({
      name,
      runtime,
      handler,
      memory,
      paths: [path],
      methods: [method],
    });
  },
);
