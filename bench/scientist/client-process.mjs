// The benchmarks' HTTP clients, in a process of their own as a deployment's clients are. A client
// measured inside the local cloud's process shares its event loop: every answer would wait there for
// the work the cloud does after it (log lines, an extension's next request, queued events), which no
// real client waits for. The parent sends a command, the child sends back what it measured.
import { fork } from 'node:child_process';
import { sleep } from './bench-kit.mjs';

const ROLE = '--bench-clients';

/** One request's latency in ms; anything but a 200 fails the command, and with it the bench. */
async function once(url) {
  const started = performance.now();
  const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  return performance.now() - started;
}

const commands = {
  /** `count` requests one after the other, `paceMs` apart: their latencies. */
  async sequential({ url, count, paceMs }) {
    const times = [];
    for (let i = 0; i < count; i++) {
      times.push(await once(`${url}?n=${i}`));
      if (paceMs) await sleep(paceMs);
    }
    return times;
  },
  /** `total` requests from `clients` clients at once, each sending its next when answered. */
  async burst({ url, total, clients }) {
    const times = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (next < total) times.push(await once(`${url}?n=${next++}`));
      }),
    );
    return times;
  },
  /**
   * `clients` clients for `seconds`: how many were answered, how many failed and why. Each sends its
   * next request when answered, or, given a `rate`, at the next of the evenly paced slots they share
   * (`rate` requests/s in all). With `progress`, a line on stderr each minute.
   */
  async sustained({ url, seconds, clients, rate, progress }) {
    let sent = 0;
    let failed = 0;
    const failures = new Map();
    const started = performance.now();
    const deadline = started + seconds * 1000;
    let nextSlot = started;
    let reportedAt = started;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (performance.now() < deadline) {
          if (rate) {
            const at = nextSlot;
            nextSlot += 1000 / rate;
            // Paced slots run out at the deadline; so does time, when requests fall behind the pace.
            if (at >= deadline) return;
            if (at > performance.now()) await sleep(at - performance.now());
          }
          try {
            await once(`${url}?n=${sent}`);
            sent++;
          } catch (error) {
            failed++;
            const reason = String(error?.message ?? error).replace(/\?n=\d+/, '');
            failures.set(reason, (failures.get(reason) ?? 0) + 1);
          }
          if (progress && performance.now() - reportedAt > 60_000) {
            reportedAt = performance.now();
            const minutes = ((reportedAt - started) / 60_000).toFixed(0);
            process.stderr.write(`  ${minutes} min: ${sent} answered, ${failed} failed\n`);
          }
        }
      }),
    );
    return { sent, failed, failures: [...failures] };
  },
};

if (process.argv.includes(ROLE)) {
  process.on('message', async ({ id, kind, ...command }) => {
    try {
      process.send({ id, result: await commands[kind](command) });
    } catch (error) {
      process.send({ id, error: String(error?.message ?? error) });
    }
  });
}

/** Starts the clients' process; every call resolves with what it measured there. */
export function startClients() {
  const child = fork(import.meta.filename, [ROLE], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map();
  let nextId = 0;
  child.on('message', ({ id, result, error }) => {
    const call = pending.get(id);
    pending.delete(id);
    if (error) call?.reject(new Error(error));
    else call?.resolve(result);
  });
  child.on('exit', (code) => {
    for (const call of pending.values()) call.reject(new Error(`the clients' process exited with ${code}`));
    pending.clear();
  });
  const send = (kind, command) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ id, kind, ...command });
    });
  return {
    sequential: (url, count, { paceMs = 0 } = {}) => send('sequential', { url, count, paceMs }),
    burst: (url, total, clients) => send('burst', { url, total, clients }),
    /** `{ rate, progress }`: paced to `rate` requests/s in all; a progress line each minute. */
    sustained: async (url, seconds, clients, { rate, progress = false } = {}) => {
      const { failures, ...rest } = await send('sustained', { url, seconds, clients, rate, progress });
      return { ...rest, failures: new Map(failures) };
    },
    close: () => child.kill(),
  };
}
