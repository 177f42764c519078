// Installs serverless and serverless-offline into a temporary directory, outside the workspace,
// so the comparison never makes them project dependencies. The install is kept in a stable path
// keyed by version, so later runs reuse it.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCommand } from './command.mjs';

export const serverlessVersion = '3.40.0';
export const serverlessOfflineVersion = '13.10.1';

const installTimeoutMs = 10 * 60_000;

/** @returns {Promise<string>} the directory whose node_modules holds both packages */
export async function installServerlessOffline({ log }) {
  const dir = path.join(
    os.tmpdir(),
    'serverless-scientist-bench',
    `serverless-${serverlessVersion}-offline-${serverlessOfflineVersion}`,
  );
  if (
    installedVersion(dir, 'serverless') === serverlessVersion &&
    installedVersion(dir, 'serverless-offline') === serverlessOfflineVersion
  ) {
    log(`serverless-offline: reusing the install in ${dir}`);
    return dir;
  }
  await mkdir(dir, { recursive: true });
  await writeFile(
    path.join(dir, 'package.json'),
    `${JSON.stringify({ private: true, name: 'offline-bench' }, null, 2)}\n`,
  );
  log(
    `serverless-offline: npm install serverless@${serverlessVersion} serverless-offline@${serverlessOfflineVersion} in ${dir}`,
  );
  await runCommand(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--no-save',
      `serverless@${serverlessVersion}`,
      `serverless-offline@${serverlessOfflineVersion}`,
    ],
    { cwd: dir, timeoutMs: installTimeoutMs },
  );
  for (const [name, version] of [
    ['serverless', serverlessVersion],
    ['serverless-offline', serverlessOfflineVersion],
  ]) {
    const found = installedVersion(dir, name);
    if (found !== version)
      throw new Error(`npm install in ${dir} left ${name}@${found ?? 'nothing'}, expected ${version}`);
  }
  return dir;
}

function installedVersion(dir, name) {
  const manifest = path.join(dir, 'node_modules', name, 'package.json');
  if (!existsSync(manifest)) return undefined;
  return JSON.parse(readFileSync(manifest, 'utf8')).version;
}
