import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type LocalCloud, startLocalCloud } from '../src/index.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** An IPv4 address of this machine that is not loopback, if it has one. */
function outwardAddress(): string | undefined {
  for (const addresses of Object.values(networkInterfaces()))
    for (const address of addresses ?? [])
      if (address.family === 'IPv4' && !address.internal) return address.address;
  return undefined;
}

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

const address = outwardAddress();

describe.skipIf(address === undefined)('a local cloud started with --host beyond loopback', () => {
  let cloud: LocalCloud;
  let stateDir: string;

  beforeAll(async () => {
    stateDir = await mkdtemp(path.join(tmpdir(), 'listen-address-'));
    cloud = await startLocalCloud({ root, port: 0, host: '0.0.0.0', stateDir, persist: false });
  }, 30_000);

  afterAll(async () => {
    await cloud?.stop();
    await rm(stateDir, { recursive: true, force: true });
  });

  test('serves API Gateway on that address and keeps Lambda and DynamoDB on loopback', async () => {
    const port = (url: string) => Number(new URL(url).port);
    const outward = address as string;
    expect(await accepts(outward, port(cloud.endpoints.gateway))).toBe(true);
    // Neither takes credentials: reachable from this machine only.
    expect(await accepts(outward, port(cloud.endpoints.lambda))).toBe(false);
    expect(await accepts(outward, port(cloud.endpoints.dynamodb))).toBe(false);
    expect(await accepts('127.0.0.1', port(cloud.endpoints.lambda))).toBe(true);
    expect(await accepts('127.0.0.1', port(cloud.endpoints.dynamodb))).toBe(true);
    expect(new URL(cloud.endpoints.lambda).hostname).toBe('127.0.0.1');
    expect(new URL(cloud.endpoints.dynamodb).hostname).toBe('127.0.0.1');
  });
});
