import type { IncomingMessage } from 'node:http';

/** API Gateway's payload limit. */
const maxBodyBytes = 10 * 1024 * 1024;

export const emptyBody = Buffer.alloc(0);

/** True when the request declares no body: neither a length above zero nor chunked framing. */
export function hasNoBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] === undefined && (length === undefined || length === '0');
}

/** The request body, or undefined when it exceeds API Gateway's 10 MB limit. */
export function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        // Stop buffering; the rest is drained so the connection stays usable for the 413.
        request.removeAllListeners('data');
        request.resume();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    request.once('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    request.once('error', reject);
  });
}
