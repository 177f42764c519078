import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

/**
 * A temporary copy of the repository as an attendee's clone has it (functions, the scientist,
 * nx.json; no build outputs or local cloud state), with the `scientist` command run inside it.
 */
export const repository = fileURLToPath(new URL('../..', import.meta.url));
const cli = path.join(repository, 'packages/cli/bin/scientist.js');
const buildOutputs = new Set([
  'target',
  'bootstrap',
  '.serverless',
  '__pycache__',
  '.pytest_cache',
  'node_modules',
]);

const env = {
  FORCE_COLOR: '0',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  SLS_TELEMETRY_DISABLED: '1',
};

export interface TemporaryKit {
  readonly root: string;
  scientist(...args: string[]): Promise<{ code: number | undefined; stdout: string; stderr: string }>;
  /** Runs `scientist …` and returns its stdout, or throws with its stderr when it fails. */
  ok(...args: string[]): Promise<string>;
  /** Stops its local cloud and removes the copy. */
  dispose(): Promise<void>;
}

export function temporaryKit(prefix: string): TemporaryKit {
  const root = mkdtempSync(path.join(tmpdir(), prefix));
  for (const entry of ['nx.json', 'functions', 'packages/scientist']) {
    cpSync(path.join(repository, entry), path.join(root, entry), {
      recursive: true,
      filter: (from) => !buildOutputs.has(path.basename(from)) && !from.includes(`${path.sep}.scientist`),
    });
  }
  symlinkSync(path.join(repository, 'node_modules'), path.join(root, 'node_modules'));
  const scientist = async (...args: string[]) => {
    const run = await execa(process.execPath, [cli, ...args], {
      cwd: root,
      env,
      reject: false,
      timeout: 600_000,
    });
    return { code: run.exitCode, stdout: run.stdout, stderr: run.stderr };
  };
  return {
    root,
    scientist,
    ok: async (...args) => {
      const run = await scientist(...args);
      if (run.code !== 0) throw new Error(`scientist ${args.join(' ')} failed (${run.code}): ${run.stderr}`);
      return run.stdout;
    },
    dispose: async () => {
      await scientist('down');
      rmSync(root, { recursive: true, force: true });
    },
  };
}
