import { expect, test } from 'vitest';
import { hostVersionNote } from '../src/runtimes/host-version.js';

test('names the host version that runs a runtime only where it differs from AWS', () => {
  const node = process.versions.node;
  expect(hostVersionNote(`nodejs${node.split('.')[0]}.x`)).toBeUndefined();
  expect(hostVersionNote('nodejs99.x')).toBe(`nodejs99.x runs on Node ${node} here`);
  expect(hostVersionNote('provided.al2023')).toBeUndefined();
  expect(hostVersionNote('python3.99')).toMatch(/^python3\.99 runs on Python 3\.\d+ here$/);
  expect(hostVersionNote('java99')).toMatch(/^java99 runs on Java \d+ here$/);
  expect(hostVersionNote('ruby99.0')).toMatch(/^ruby99\.0 runs on Ruby \d+\.\d+\.\d+ here$/);
});
