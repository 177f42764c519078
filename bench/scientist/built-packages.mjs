// The scientist's benchmarks run the built packages, as a deployment does: build them (Nx, cached)
// unless told not to, then load core, the local cloud and the scientist from their dist/.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '../..');

export async function builtPackages({ build, log }) {
  if (build) {
    log('building core, local-cloud and scientist (nx, cached)…');
    execFileSync(
      'npx',
      ['nx', 'run-many', '-t', 'build', '-p', 'core', 'local-cloud', 'scientist', '--output-style=static'],
      {
        cwd: root,
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0' },
      },
    );
  }
  const [core, localCloud, scientist] = await Promise.all(
    ['core', 'local-cloud', 'scientist'].map(
      (name) => import(path.join(root, `packages/${name}/dist/index.js`)),
    ),
  );
  return { core, localCloud, scientist };
}
