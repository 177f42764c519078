import { execFile } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FunctionDefinition } from '../../lambda/function-definition.js';
import { firstExecutable, onPath } from '../executable.js';
import type { LaunchSpec, RuntimeLauncher } from '../runtime-launcher.js';

// The client is plain Ruby; the compiled package has no copy of it under dist/, so use the source tree's.
function bootstrapPath(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const file = path.join(here.replace(/([/\\])dist([/\\])runtimes/, '$1src$2runtimes'), 'bootstrap.rb');
  if (!existsSync(file)) throw new Error(`The Ruby runtime client is missing: expected ${file}.`);
  return file;
}

let interpreter: string | undefined;

/** The real ruby binary by absolute path: the first executable `ruby` on PATH, links resolved. */
export function rubyInterpreter(): string {
  if (interpreter) return interpreter;
  const found = firstExecutable(onPath('ruby'));
  if (found) {
    interpreter = realpathSync(found);
    return interpreter;
  }
  throw new Error(
    'No Ruby interpreter found on PATH: install it (apt-get install ruby) to run ruby3.x functions.',
  );
}

export const rubyLauncher: RuntimeLauncher = {
  language: 'ruby',
  supports: (runtime) => /^ruby\d+\.\d+$/.test(runtime),
  launch(fn: FunctionDefinition, env: Record<string, string>): LaunchSpec {
    return {
      // Functions use the standard library only, so RubyGems is not loaded: it halves the start.
      command: rubyInterpreter(),
      args: ['--disable-gems', bootstrapPath()],
      env: { ...env, AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}` },
      cwd: fn.codeDir,
    };
  },
  toolchain() {
    return new Promise((resolve) => {
      let ruby: string;
      try {
        ruby = rubyInterpreter();
      } catch (error) {
        resolve({ ok: false, detail: (error as Error).message });
        return;
      }
      execFile(ruby, ['--disable-gems', '-e', 'print RUBY_VERSION'], { timeout: 10_000 }, (error, stdout) => {
        resolve(
          error
            ? { ok: false, detail: `${ruby} failed: ${error.message}` }
            : { ok: true, detail: `ruby ${stdout} at ${ruby}` },
        );
      });
    });
  },
};
