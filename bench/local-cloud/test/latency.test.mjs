import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepAliveClient, percentile, summary, warmSamples } from '../latency.mjs';

describe('percentile', () => {
  it('takes the nearest rank, whatever the order of the samples', () => {
    const samples = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(samples, 50)).toBe(5);
    expect(percentile(samples, 99)).toBe(10);
    expect(percentile(samples, 0)).toBe(1);
    expect(summary(samples)).toEqual({ p50: 5, p99: 10, n: 10 });
  });

  it('refuses an empty sample', () => {
    expect(() => percentile([], 50)).toThrow('no samples to take a percentile of');
  });
});

describe('keepAliveClient', () => {
  /** @type {http.Server} */
  let server;
  let url;
  const sockets = new Set();
  let answer = { status: 200, body: 'ok' };

  beforeAll(async () => {
    server = http.createServer((_request, response) => {
      response.writeHead(answer.status).end(answer.body);
    });
    server.on('connection', (socket) => sockets.add(socket));
    await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
    url = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}/hello`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('times every request over one reused connection', async () => {
    answer = { status: 200, body: 'ok' };
    const client = keepAliveClient(url);
    try {
      const samples = await warmSamples('GET', client.get, { warmup: 2, requests: 20 });
      expect(samples).toHaveLength(20);
      expect(samples.every((ms) => ms > 0 && ms < 5_000)).toBe(true);
      expect(sockets.size).toBe(1);
    } finally {
      client.close();
    }
  });

  it('fails on an answer other than 200 "ok", naming the target', async () => {
    answer = { status: 502, body: '{"message": "Internal server error"}' };
    const client = keepAliveClient(url);
    try {
      await expect(warmSamples('GET /hello', client.get, { warmup: 0, requests: 1 })).rejects.toThrow(
        'GET /hello answered 502 "{\\"message\\": \\"Internal server error\\"}", expected 200 "ok"',
      );
    } finally {
      client.close();
    }
  });

  it('sends nothing anywhere but 127.0.0.1', () => {
    expect(() => keepAliveClient('http://example.com/')).toThrow('benchmark traffic stays on 127.0.0.1');
  });
});
