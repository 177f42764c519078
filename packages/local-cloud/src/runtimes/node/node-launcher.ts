import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FunctionDefinition } from '../../lambda/function-definition.js';
import type { LaunchSpec, RuntimeLauncher } from '../runtime-launcher.js';

// The bootstrap is plain JavaScript so the function's process loads nothing but Node itself.
// The compiled package has no copy of it under dist/, so fall back to the source tree.
function bootstrapPath(): string {
  const beside = fileURLToPath(new URL('./bootstrap.mjs', import.meta.url));
  if (existsSync(beside)) return beside;
  const inSource = beside.replace(/([/\\])dist([/\\])runtimes/, '$1src$2runtimes');
  if (existsSync(inSource)) return inSource;
  throw new Error(`The Node runtime bootstrap is missing: looked for ${beside} and ${inSource}.`);
}

// AWS's Node runtime caps the V8 heap below the function's memory so the GC works before the limit kills it.
function heapLimitMb(memorySizeMb: number): number {
  return Math.max(32, Math.floor(memorySizeMb * 0.9));
}

export const nodeLauncher: RuntimeLauncher = {
  language: 'node',
  supports: (runtime) => /^nodejs\d+\.x$/.test(runtime),
  launch(fn: FunctionDefinition, env: Record<string, string>): LaunchSpec {
    return {
      // The running Node, by absolute path: no shim, no PATH lookup.
      command: process.execPath,
      args: [`--max-old-space-size=${heapLimitMb(fn.memorySizeMb)}`, bootstrapPath()],
      env: {
        ...env,
        AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
        NODE_PATH: env.LAMBDA_TASK_ROOT ?? fn.codeDir,
      },
      cwd: fn.codeDir,
    };
  },
  async toolchain() {
    return { ok: true, detail: `node ${process.version} at ${process.execPath}` };
  },
};
