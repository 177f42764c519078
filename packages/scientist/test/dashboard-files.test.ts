import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { DashboardFiles } from '../src/api/dashboard-files.js';

const root = mkdtempSync(path.join(tmpdir(), 'dashboard-'));
mkdirSync(path.join(root, 'assets'));
writeFileSync(path.join(root, 'index.html'), '<scientist-app></scientist-app>');
writeFileSync(path.join(root, 'assets', 'app-1a2b.js'), 'export {};');
writeFileSync(path.join(root, 'assets', 'logo.png'), Buffer.from([137, 80, 78, 71]));
afterAll(() => rmSync(root, { recursive: true, force: true }));

test('serves the built dashboard, with index.html for its own routes', async () => {
  const files = new DashboardFiles(root);
  expect(await files.serve('')).toEqual({
    statusCode: 200,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' },
    body: '<scientist-app></scientist-app>',
  });
  expect((await files.serve('experiments/rounding-float')).body).toBe('<scientist-app></scientist-app>');
  expect(await files.serve('assets/app-1a2b.js')).toMatchObject({
    statusCode: 200,
    headers: {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=31536000, immutable',
    },
    body: 'export {};',
  });
  expect(await files.serve('assets/logo.png')).toMatchObject({ body: 'iVBORw==', isBase64Encoded: true });
});

test('serves nothing outside its folder, and says when the dashboard was not built', async () => {
  const files = new DashboardFiles(root);
  const outside = path.join(path.dirname(root), `${path.basename(root)}-outside.txt`);
  writeFileSync(outside, 'secret');
  try {
    expect((await files.serve(`../${path.basename(outside)}`)).statusCode).toBe(404);
  } finally {
    rmSync(outside);
  }
  expect((await files.serve('assets/missing.js')).statusCode).toBe(404);
  const unbuilt = await new DashboardFiles(path.join(root, 'nowhere')).serve('');
  expect(unbuilt).toMatchObject({ statusCode: 404 });
  expect(JSON.parse(unbuilt.body)).toEqual({
    message: 'the dashboard is not part of this build; build packages/dashboard first',
  });
});
