import type { IncomingMessage } from 'node:http';

/** A request body read up to a limit; past it the rest is drained and only counted. */
export interface BoundedBody {
  body: Buffer;
  bytes: number;
  tooLarge: boolean;
}

export function readBoundedBody(request: IncomingMessage, limitBytes: number): Promise<BoundedBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    request.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= limitBytes) chunks.push(chunk);
      else chunks.length = 0;
    });
    request.on('end', () => {
      const tooLarge = bytes > limitBytes;
      resolve({
        body: tooLarge ? Buffer.alloc(0) : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks),
        bytes,
        tooLarge,
      });
    });
    request.on('error', reject);
  });
}
