import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { loadServiceDefinition } from '../src/deploy/service-loader.js';
import type { FunctionDefinition } from '../src/lambda/function-definition.js';

const scientistDir = fileURLToPath(new URL('../../scientist', import.meta.url));
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function service(yaml: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'deploy-'));
  dirs.push(dir);
  await writeFile(path.join(dir, 'serverless.yml'), yaml);
  return dir;
}

async function load(yaml: string, options: Parameters<typeof loadServiceDefinition>[1] = {}) {
  const dir = await service(yaml);
  const definition = await loadServiceDefinition(dir, { env: {}, ...options });
  return JSON.parse(JSON.stringify(definition).replaceAll(dir, '<dir>'));
}

async function failure(yaml: string): Promise<string> {
  const dir = await service(yaml);
  try {
    await loadServiceDefinition(dir, { env: {} });
  } catch (error) {
    return (error as Error).message.replaceAll(dir, '<dir>');
  }
  throw new Error('expected the deploy to fail');
}

describe('serverless.yml → service definition', () => {
  test('a service with variables, events, tables and intrinsics', async () => {
    const definition = await load(
      `service: control-round
custom:
  tableName: \${self:service}-\${sls:stage}-results
provider:
  name: aws
  runtime: nodejs22.x
  stage: \${opt:stage, 'dev'}
  region: \${env:REGION, 'eu-central-1'}
  memorySize: 512
  environment:
    TABLE: \${self:custom.tableName}
    TABLE_ARN: !GetAtt ResultsTable.Arn
    TABLE_REF: { Ref: ResultsTable }
    GREETING: \${env:GREETING, "hello, world"}
  iam:
    role:
      statements: []
functions:
  round:
    handler: handler.handler
    timeout: 10
    reservedConcurrency: 5
    environment:
      STAGE: \${self:provider.stage}
    events:
      - http: GET round
      - http: { path: 'items/{id}', method: any }
      - httpApi: 'POST /round/{proxy+}'
      - httpApi: '*'
      - schedule: rate(5 minutes)
  worker:
    name: round-worker
    handler: com.example.Worker::handleRequest
    runtime: java21
    memorySize: 1769
    package:
      artifact: target/worker.jar
resources:
  Resources:
    ResultsTable:
      Type: AWS::DynamoDB::Table
      Properties:
        TableName: \${self:custom.tableName}
        BillingMode: PAY_PER_REQUEST
        AttributeDefinitions:
          - { AttributeName: pk, AttributeType: S }
        KeySchema:
          - { AttributeName: pk, KeyType: HASH }
        TimeToLiveSpecification: { AttributeName: expiresAt, Enabled: true }
`,
      { stage: 'prod' },
    );
    expect(definition).toMatchInlineSnapshot(`
      {
        "binaryMediaTypes": [],
        "dir": "<dir>",
        "file": "<dir>/serverless.yml",
        "functions": [
          {
            "accountId": "000000000000",
            "codeDir": "<dir>",
            "environment": {
              "GREETING": "hello, world",
              "STAGE": "prod",
              "TABLE": "control-round-prod-results",
              "TABLE_ARN": "arn:aws:dynamodb:eu-central-1:000000000000:table/control-round-prod-results",
              "TABLE_REF": "control-round-prod-results",
            },
            "handler": "handler.handler",
            "memorySizeMb": 512,
            "name": "control-round-prod-round",
            "region": "eu-central-1",
            "reservedConcurrency": 5,
            "runtime": "nodejs22.x",
            "service": "control-round",
            "stage": "prod",
            "timeoutSeconds": 10,
          },
          {
            "accountId": "000000000000",
            "artifact": "<dir>/target/worker.jar",
            "codeDir": "<dir>",
            "environment": {
              "GREETING": "hello, world",
              "TABLE": "control-round-prod-results",
              "TABLE_ARN": "arn:aws:dynamodb:eu-central-1:000000000000:table/control-round-prod-results",
              "TABLE_REF": "control-round-prod-results",
            },
            "handler": "com.example.Worker::handleRequest",
            "memorySizeMb": 1769,
            "name": "round-worker",
            "region": "eu-central-1",
            "runtime": "java21",
            "service": "control-round",
            "stage": "prod",
            "timeoutSeconds": 6,
          },
        ],
        "region": "eu-central-1",
        "routes": [
          {
            "functionName": "control-round-prod-round",
            "kind": "rest",
            "method": "GET",
            "path": "/round",
            "payloadVersion": "1.0",
          },
          {
            "functionName": "control-round-prod-round",
            "kind": "rest",
            "method": "ANY",
            "path": "/items/{id}",
            "payloadVersion": "1.0",
          },
          {
            "functionName": "control-round-prod-round",
            "kind": "http",
            "method": "POST",
            "path": "/round/{proxy+}",
            "payloadVersion": "2.0",
          },
          {
            "functionName": "control-round-prod-round",
            "kind": "http",
            "method": "ANY",
            "path": "*",
            "payloadVersion": "2.0",
          },
        ],
        "schedules": [
          {
            "enabled": true,
            "expression": "rate(5 minutes)",
            "functionName": "control-round-prod-round",
          },
        ],
        "service": "control-round",
        "stage": "prod",
        "tables": [
          {
            "createTable": {
              "AttributeDefinitions": [
                {
                  "AttributeName": "pk",
                  "AttributeType": "S",
                },
              ],
              "BillingMode": "PAY_PER_REQUEST",
              "KeySchema": [
                {
                  "AttributeName": "pk",
                  "KeyType": "HASH",
                },
              ],
              "TableName": "control-round-prod-results",
            },
            "logicalId": "ResultsTable",
            "tableName": "control-round-prod-results",
            "timeToLiveAttribute": "expiresAt",
          },
        ],
        "warnings": [
          "<dir>/serverless.yml:16:5: provider.iam is accepted and has no local effect",
          "<dir>/serverless.yml:49:34: TimeToLiveSpecification is noted; items are not expired locally",
        ],
      }
    `);
  });

  test('defaults: stage dev, region eu-west-1, memory 1024, timeout 6, generated names', async () => {
    const definition = await load(`service: tiny
provider: { name: aws, runtime: python3.12 }
functions:
  hello: { handler: handler.handler, environment: { STAGE: '\${sls:stage}' } }
`);
    expect(definition.functions).toMatchInlineSnapshot(`
      [
        {
          "accountId": "000000000000",
          "codeDir": "<dir>",
          "environment": {
            "STAGE": "dev",
          },
          "handler": "handler.handler",
          "memorySizeMb": 1024,
          "name": "tiny-dev-hello",
          "region": "eu-west-1",
          "runtime": "python3.12",
          "service": "tiny",
          "stage": "dev",
          "timeoutSeconds": 6,
        },
      ]
    `);
  });
});

describe('errors name what and where', () => {
  test('an unsupported event type', async () => {
    expect(
      await failure(`service: s
provider: { name: aws, runtime: nodejs22.x }
functions:
  f:
    handler: h.h
    events:
      - sqs: arn:aws:sqs:eu-west-1:1:q
`),
    ).toMatchInlineSnapshot(
      `"<dir>/serverless.yml:7:14: event type 'sqs' is not supported by the local cloud (supported: http, httpApi, schedule)"`,
    );
  });

  test('a Ref to a resource the local cloud does not create, in a value it uses', async () => {
    expect(
      await failure(`service: s
provider:
  name: aws
  runtime: nodejs22.x
  environment:
    BUCKET: !Ref Bucket
resources:
  Resources:
    Bucket:
      Type: AWS::S3::Bucket
`),
    ).toMatchInlineSnapshot(
      `"<dir>/serverless.yml:6:18: Ref Bucket: the local cloud resolves Ref only to DynamoDB tables of this service and AWS pseudo parameters"`,
    );
  });

  test('a variable without value or fallback', async () => {
    expect(
      await failure(`service: s
provider:
  name: aws
  runtime: nodejs22.x
  environment:
    KEY: \${env:MISSING_KEY}
`),
    ).toMatchInlineSnapshot(
      `"<dir>/serverless.yml:6:10: cannot resolve variable \${env:MISSING_KEY}: env:MISSING_KEY has no value and no fallback was given"`,
    );
  });

  test('a variable that needs AWS', async () => {
    expect(
      await failure(`service: s
provider:
  name: aws
  runtime: nodejs22.x
  environment:
    KEY: \${ssm:/path/to/key}
`),
    ).toMatchInlineSnapshot(
      `"<dir>/serverless.yml:6:10: \${ssm:/path/to/key} reads from AWS (ssm:), which the local cloud does not emulate; use \${env:…} or \${self:custom…} for local values"`,
    );
  });

  test('a custom authorizer', async () => {
    expect(
      await failure(`service: s
provider: { name: aws, runtime: nodejs22.x }
functions:
  f:
    handler: h.h
    events:
      - http:
          path: secret
          method: get
          authorizer: auth
`),
    ).toMatchInlineSnapshot(`"<dir>/serverless.yml:10:23: authorizers are not supported by the local cloud"`);
  });

  test('a plugin that changes deploys', async () => {
    expect(
      await failure(`service: s
plugins:
  - serverless-webpack
provider: { name: aws, runtime: nodejs22.x }
`),
    ).toMatchInlineSnapshot(
      `"<dir>/serverless.yml:3:5: plugin serverless-webpack may change what is deployed, and the local cloud does not run plugins"`,
    );
  });

  test('an intrinsic the local cloud cannot evaluate, in a value it uses', async () => {
    expect(
      await failure(`service: s
provider:
  name: aws
  runtime: nodejs22.x
  environment:
    QUEUE: !ImportValue shared-queue
`),
    ).toMatchInlineSnapshot(
      `"<dir>/serverless.yml:6:25: Fn::ImportValue is not evaluated by the local cloud; only Ref, Fn::GetAtt (tables), Fn::Join and Fn::Sub are"`,
    );
  });

  test('invalid YAML', async () => {
    expect(await failure('service: s\nprovider:\n  name: aws\n   runtime: x\n')).toMatchInlineSnapshot(
      `"<dir>/serverless.yml:3:9: invalid YAML: Nested mappings are not allowed in compact mappings"`,
    );
  });

  test('a variable cycle', async () => {
    expect(
      await failure(`service: s
custom: { a: '\${self:custom.b}', b: '\${self:custom.a}' }
provider: { name: aws, runtime: nodejs22.x, environment: { A: '\${self:custom.a}' } }
`),
    ).toMatchInlineSnapshot(
      `"<dir>/serverless.yml:2:14: variable cycle: provider.environment → custom.a → custom.b → custom.a"`,
    );
  });

  test("a stage-keyed setting: the seed's names on dev, a suffix and an explicit null elsewhere", async () => {
    const yaml = `service: s
custom:
  suffix: \${self:custom.suffixes.\${sls:stage}, '-\${sls:stage}'}
  suffixes: { dev: "" }
  reserved: { prod: 20 }
provider: { name: aws, runtime: nodejs24.x }
functions:
  f:
    name: f\${self:custom.suffix}
    handler: h.h
    reservedConcurrency: \${self:custom.reserved.\${sls:stage}, null}
`;
    const dev = await load(yaml);
    expect([dev.functions[0].name, dev.functions[0].reservedConcurrency]).toEqual(['f', undefined]);
    const prod = await load(yaml, { stage: 'prod' });
    expect([prod.functions[0].name, prod.functions[0].reservedConcurrency]).toEqual(['f-prod', 20]);
  });

  test('the tag local-cloud:cpu-priority makes a function background; any other value is an error', async () => {
    const yaml = (value: string) => `service: s
provider: { name: aws, runtime: nodejs24.x }
functions:
  runner:
    handler: h.h
    tags: { team: science, "local-cloud:cpu-priority": ${value} }
  other:
    handler: h.h
`;
    const loaded = await load(yaml('background'));
    expect(loaded.functions.map((fn: FunctionDefinition) => [fn.name, fn.cpuPriority])).toEqual([
      ['s-dev-runner', 'background'],
      ['s-dev-other', undefined],
    ]);
    expect(await failure(yaml('low'))).toMatch(
      /local-cloud:cpu-priority must be background \(or left out\), not "low"/,
    );
  });

  test('an invalid schedule', async () => {
    expect(
      await failure(`service: s
provider: { name: aws, runtime: nodejs22.x }
functions:
  f:
    handler: h.h
    events:
      - schedule: cron(0 12 * * * *)
`),
    ).toMatchInlineSnapshot(
      `"<dir>/serverless.yml:7:19: invalid schedule 'cron(0 12 * * * *)': exactly one of day-of-month and day-of-week must be '?'"`,
    );
  });
});

// The scientist's own serverless.yml is the most demanding real one: it must load with warnings only.
test.runIf(existsSync(scientistDir))(
  'the scientist service loads, naming what has no local effect',
  async () => {
    const definition = await loadServiceDefinition(scientistDir, { env: {} });
    expect(definition.functions.length).toBeGreaterThan(0);
    for (const warning of definition.warnings) expect(warning).toMatch(/serverless\.yml:\d+:\d+: /);
    // The settings it carries for AWS alone are each named, not passed over in silence.
    const named = definition.warnings.map((warning) => warning.replace(/^.*serverless\.yml:\d+:\d+: /, ''));
    expect(named).toEqual(
      expect.arrayContaining([
        'provider.iam is accepted and has no local effect',
        'maximumRetryAttempts is accepted and has no local effect',
        'TimeToLiveSpecification is noted; items are not expired locally',
        'resource ApiTokenSecret (AWS::SecretsManager::Secret) is not created locally; only AWS::DynamoDB::Table is',
      ]),
    );
  },
);
