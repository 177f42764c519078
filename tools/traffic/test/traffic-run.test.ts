import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { runTraffic, TRAFFIC_USERS, USER_ID_HEADER } from '../src/index.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A real HTTP server that records what it receives and answers 400 to negative numbers. */
async function recordingServer() {
  const seen: string[] = [];
  const users: string[] = [];
  server = createServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    users.push(String(request.headers[USER_ID_HEADER]));
    const negative = request.url?.includes('number=-');
    response.writeHead(negative ? 400 : 200, { 'content-type': 'text/plain' }).end('ok');
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { seen, users, url: `http://127.0.0.1:${port}/round` };
}

test('sends rate × duration requests, counts statuses and measures latency', async () => {
  const { seen, url } = await recordingServer();
  const progress: number[] = [];
  const summary = await runTraffic({
    targets: [{ name: 'rounding-float', url, function: 'round' }],
    ratePerSecond: 40,
    durationSeconds: 1.5,
    seed: 42,
    onProgress: (p) => progress.push(p.sent),
  });
  expect(summary.requests).toBe(60);
  expect(seen).toHaveLength(60);
  expect(seen.every((line) => /^GET \/round\?number=-?\d/.test(line))).toBe(true);
  const negatives = seen.filter((line) => line.includes('number=-')).length;
  expect(summary.statuses).toEqual({ '200': 60 - negatives, '400': negatives });
  expect(summary.targets['rounding-float']?.requests).toBe(60);
  expect(summary.latencyMs.p50).toBeGreaterThan(0);
  expect(summary.latencyMs.p99).toBeGreaterThanOrEqual(summary.latencyMs.p50!);
  expect(progress.length).toBeGreaterThanOrEqual(1);
});

test('the same seed sends the same requests', async () => {
  const { seen, url } = await recordingServer();
  const options = {
    targets: [{ name: 'sort', url, function: 'round' }],
    ratePerSecond: 100,
    durationSeconds: 0.2,
  };
  await runTraffic({ ...options, seed: 9 });
  const first = [...seen].sort();
  seen.length = 0;
  await runTraffic({ ...options, seed: 9 });
  expect([...seen].sort()).toEqual(first);
});

test('each request says which user sent it, many users, the same ones for the same seed', async () => {
  const { users, url } = await recordingServer();
  const options = {
    targets: [{ name: 'round', url, function: 'round' }],
    ratePerSecond: 200,
    durationSeconds: 0.5,
  };
  await runTraffic({ ...options, seed: 3 });
  expect(users).toHaveLength(100);
  expect(users.every((user) => /^user-\d{4}$/.test(user))).toBe(true);
  expect(users.every((user) => Number(user.slice(5)) >= 1 && Number(user.slice(5)) <= TRAFFIC_USERS)).toBe(
    true,
  );
  // Drawn from a thousand: a hundred requests come from nearly as many users.
  expect(new Set(users).size).toBeGreaterThan(85);
  const first = [...users].sort();
  users.length = 0;
  await runTraffic({ ...options, seed: 3 });
  expect([...users].sort()).toEqual(first);
});

test('a target that does not answer is counted, not thrown', async () => {
  const summary = await runTraffic({
    targets: [{ name: 'nowhere', url: 'http://127.0.0.1:9/round', function: 'round' }],
    ratePerSecond: 20,
    durationSeconds: 0.1,
    seed: 1,
  });
  expect(summary.statuses).toEqual({ error: 2 });
  expect(summary.latencyMs).toEqual({ p50: null, p99: null });
});

test('refuses a rate or duration that would send nothing', async () => {
  const targets = [{ name: 'x', url: 'http://127.0.0.1:9/round', function: 'round' }];
  await expect(runTraffic({ targets, ratePerSecond: 0, durationSeconds: 1, seed: 1 })).rejects.toThrow(
    'rate must be above 0 requests a second, got 0',
  );
  await expect(runTraffic({ targets, ratePerSecond: 1, durationSeconds: -1, seed: 1 })).rejects.toThrow(
    'duration must be above 0 seconds, got -1',
  );
});
