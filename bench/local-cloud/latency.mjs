// Client-side latency: sequential requests over one keep-alive connection, timed with the
// monotonic clock, so the figures hold the platform's cost and not connection set-up.
import http from 'node:http';

const requestTimeoutMs = 30_000;

/**
 * A GET to `url` over a keep-alive connection that every call reuses.
 * @returns {{ get: () => Promise<{ ms: number; status: number; body: string }>, close: () => void }}
 */
export function keepAliveClient(url) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const target = new URL(url);
  if (target.hostname !== '127.0.0.1') throw new Error(`benchmark traffic stays on 127.0.0.1, not ${url}`);
  const get = () =>
    new Promise((resolve, reject) => {
      const started = process.hrtime.bigint();
      const request = http.get(target, { agent, timeout: requestTimeoutMs }, (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            ms: elapsedMs(started),
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      });
      request.on('timeout', () =>
        request.destroy(new Error(`GET ${url} took longer than ${requestTimeoutMs} ms`)),
      );
      request.on('error', reject);
    });
  return { get, close: () => agent.destroy() };
}

/** Times one call of `call`; rejects when the answer is not the expected `ok`. */
export async function timed(label, call) {
  const started = process.hrtime.bigint();
  const outcome = await call();
  const ms = outcome.ms ?? elapsedMs(started);
  assertOk(label, outcome);
  return ms;
}

/**
 * Warm latency: `warmup` calls that are not counted, then `requests` sequential timed calls.
 * @returns {Promise<number[]>} the timed durations in ms
 */
export async function warmSamples(label, call, { warmup, requests }) {
  for (let i = 0; i < warmup; i++) assertOk(label, await call());
  const samples = [];
  for (let i = 0; i < requests; i++) samples.push(await timed(label, call));
  return samples;
}

/** Nearest-rank percentile (p in 0..100) of unsorted samples. */
export function percentile(samples, p) {
  if (samples.length === 0) throw new Error('no samples to take a percentile of');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export function summary(samples) {
  return { p50: round(percentile(samples, 50)), p99: round(percentile(samples, 99)), n: samples.length };
}

export function round(ms) {
  return Math.round(ms * 1000) / 1000;
}

function assertOk(label, outcome) {
  if (outcome.status !== 200 || outcome.body !== 'ok') {
    throw new Error(
      `${label} answered ${outcome.status} ${JSON.stringify(outcome.body).slice(0, 200)}, expected 200 "ok"`,
    );
  }
}

function elapsedMs(started) {
  return Number(process.hrtime.bigint() - started) / 1e6;
}
