import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ApiResponse } from './data-api.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};
const TEXT = /^(text\/|application\/json|image\/svg)/;

/**
 * The dashboard's built files (bundled beside the handlers in `dist/dashboard/`), served under
 * `/_scientist/`. Paths without a file extension get `index.html`, so the dashboard's own routes
 * survive a reload.
 */
export class DashboardFiles {
  constructor(private readonly root: string) {}

  async serve(relativePath: string): Promise<ApiResponse> {
    const wanted = path.normalize(`/${relativePath}`).slice(1);
    const file = wanted === '' || path.extname(wanted) === '' ? 'index.html' : wanted;
    const absolute = path.join(this.root, file);
    if (!absolute.startsWith(this.root)) return notFound(relativePath);
    let content: Buffer;
    try {
      content = await readFile(absolute);
    } catch {
      if (file === 'index.html') {
        return {
          statusCode: 404,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            message: 'the dashboard is not part of this build; build packages/dashboard first',
          }),
        };
      }
      return notFound(relativePath);
    }
    const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
    const text = TEXT.test(type);
    return {
      statusCode: 200,
      headers: {
        'content-type': type,
        // Built assets carry a content hash in their names; index.html must always be fresh.
        'cache-control': file === 'index.html' ? 'no-cache' : 'public, max-age=31536000, immutable',
      },
      body: content.toString(text ? 'utf8' : 'base64'),
      ...(text ? {} : { isBase64Encoded: true }),
    };
  }
}

function notFound(relativePath: string): ApiResponse {
  return {
    statusCode: 404,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message: `no dashboard file ${relativePath}` }),
  };
}
