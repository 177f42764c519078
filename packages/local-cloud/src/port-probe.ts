import { createServer } from 'node:net';

/** A port the local cloud needs is taken: says which, by what role, and how to choose another. */
export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly role: string,
    options?: { cause?: unknown },
  ) {
    super(`port ${port} is in use (${role}); choose another with --port`, options);
    this.name = 'PortInUseError';
  }
}

/** Is `port` free to listen on at `host`? */
export async function isPortFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}

/** A port free right now, chosen by the system. */
export async function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
