import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type LocalCloud, startLocalCloud } from '../src/index.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
let dir: string;
let cloud: LocalCloud;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'redeploy-'));
  cloud = await startLocalCloud({ root, port: 0, stateDir: path.join(dir, 'state'), persist: false });
});

afterAll(async () => {
  await cloud?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function writeService(service: string, answer: string, withExtra: boolean): Promise<void> {
  await mkdir(service, { recursive: true });
  await writeFile(path.join(service, 'handler.mjs'), `export const handler = async () => (${answer});\n`);
  const extra = withExtra
    ? '  extra:\n    handler: handler.handler\n    events: [{ http: GET extra }]\n'
    : '';
  await writeFile(
    path.join(service, 'serverless.yml'),
    `service: redeployed\nprovider: { name: aws, runtime: nodejs22.x }\nfunctions:\n  main:\n    handler: handler.handler\n    events: [{ httpApi: GET /answer }]\n${extra}`,
  );
}

test('a redeploy runs the new code and drops routes and functions that left serverless.yml', async () => {
  const service = path.join(dir, 'service');
  await writeService(service, '{ version: 1 }', true);
  const first = await cloud.deploy(service, { stage: 'one' });
  const url = `${cloud.endpoints.gateway}/redeployed/one/answer`;
  expect(await (await fetch(url)).text()).toBe('{"version":1}');

  await writeService(service, '{ version: 2 }', false);
  const second = await cloud.deploy(service, { stage: 'one' });

  expect(await (await fetch(url)).text()).toBe('{"version":2}');
  expect(first.functions.map((fn) => fn.name)).toEqual(['redeployed-one-main', 'redeployed-one-extra']);
  expect(second.functions.map((fn) => fn.name)).toEqual(['redeployed-one-main']);
  expect(cloud.lambda.functions().map((fn) => fn.name)).toEqual(['redeployed-one-main']);
  expect((await fetch(`${cloud.endpoints.gateway}/redeployed/one/extra`)).status).toBe(404);
  expect(cloud.services()).toHaveLength(1);
});

test('a serverless.yml the local cloud cannot honour fails the deploy with its location', async () => {
  const broken = path.join(dir, 'broken');
  await mkdir(broken);
  await writeFile(
    path.join(broken, 'serverless.yml'),
    'service: broken\nprovider:\n  name: aws\n  runtime: nodejs22.x\nfunctions:\n  f:\n    handler: h.h\n    layers: [arn]\n',
  );
  await expect(cloud.deploy(broken)).rejects.toThrow(
    `${path.join(broken, 'serverless.yml')}:8:13: layers are not supported by the local cloud; bundle the code in the service directory`,
  );
});
