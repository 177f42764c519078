import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, test, vi } from 'vitest';
import { main } from '../src/main.js';
import { trafficTargets } from '../src/traffic-targets.js';

let server: Server | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => err.push(String(chunk)) > 0);
  const code = await main(['node', 'scientist', 'traffic', ...args]);
  vi.restoreAllMocks();
  return { code, stdout: out.join(''), stderr: err.join('') };
}

test('sends sort traffic to a --url and prints a JSON summary', async () => {
  const bodies: string[] = [];
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      bodies.push(body);
      response.writeHead(request.method === 'POST' ? 200 : 405).end('[]');
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/prod/sort`;

  const result = await run('--url', url, '--rate', '50', '--duration', '0.4', '--seed', '3', '--json');

  expect(result.code).toBe(0);
  const summary = JSON.parse(result.stdout);
  expect(summary).toMatchObject({
    seed: 3,
    ratePerSecond: 50,
    durationSeconds: 0.4,
    requests: 20,
    dropped: 0,
  });
  expect(summary.statuses).toEqual({ '200': 20 });
  expect(Object.keys(summary.targets)).toEqual(['sort']);
  expect(bodies.every((body) => Array.isArray(JSON.parse(body)))).toBe(true);
  expect(result.stderr).toContain(`traffic: 50/s for 0.4 s to sort (${url})`);
});

test('fails with one line when nothing answers; --target <url> still works, deprecated', async () => {
  const result = await run('--target', 'http://127.0.0.1:9/round', '--rate', '10', '--duration', '0.2');
  expect(result.code).toBe(1);
  expect(result.stderr).toContain('`traffic --target <url>` is deprecated; use --url <url>');
  expect(result.stderr).toContain('scientist: none of 2 requests was answered: is anything listening there?');
});

test('picks experiments by their path, and names the ones there are', () => {
  const experiments = {
    'rounding-float': { url: 'http://127.0.0.1:3000/scientist/dev/round', method: 'GET' },
    sort: { url: 'http://127.0.0.1:3000/scientist/dev/sort', method: 'POST' },
    resize: { url: 'http://127.0.0.1:3000/scientist/dev/resize', method: 'GET' },
  };
  expect(trafficTargets(experiments, []).map((t) => [t.name, t.function])).toEqual([
    ['rounding-float', 'round'],
    ['sort', 'sort'],
  ]);
  expect(() => trafficTargets(experiments, ['fizz'])).toThrow(
    'no experiment fizz; there are rounding-float, sort, resize',
  );
  expect(() => trafficTargets({}, [], { url: 'http://x/resize' })).toThrow(
    "no traffic profile for 'resize' (from http://x/resize); name one with --function round|sort|fizzbuzz|pbkdf2",
  );
});
