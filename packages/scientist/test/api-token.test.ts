import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isLoopbackHost } from '@serverless-scientist/core';
import { afterAll, describe, expect, test } from 'vitest';
import { API_TOKEN_FILE, ensureApiToken, readApiToken } from '../src/api-token.js';

describe('the data API token of a local cloud beyond loopback', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'scientist-token-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('is created once, readable by its owner only, and kept across restarts', () => {
    const stateDir = path.join(root, '.scientist');
    expect(readApiToken(stateDir)).toBeUndefined();
    const token = ensureApiToken(stateDir);
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(statSync(path.join(stateDir, API_TOKEN_FILE)).mode & 0o777).toBe(0o600);
    expect(ensureApiToken(stateDir)).toBe(token);
    expect(readApiToken(stateDir)).toBe(token);
    expect(ensureApiToken(path.join(root, 'other'))).not.toBe(token);
  });

  test('is needed for every address but loopback', () => {
    expect(['127.0.0.1', '127.1.2.3', 'localhost', '::1'].map(isLoopbackHost)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['0.0.0.0', '192.0.2.2', '::', 'example.org'].map(isLoopbackHost)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});
