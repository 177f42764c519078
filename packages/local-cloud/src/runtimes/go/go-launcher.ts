import { execFile } from 'node:child_process';
import path from 'node:path';
import type { FunctionDefinition } from '../../lambda/function-definition.js';
import { firstExecutable } from '../executable.js';
import type { LaunchSpec, RuntimeLauncher } from '../runtime-launcher.js';

/**
 * Where the function's `bootstrap` is: next to package.artifact when one is given (a build output
 * directory), else in the service directory. It is an executable that speaks the Runtime API itself
 * (aws-lambda-go's lambda.Start, or any program or script), as on provided.al2023.
 */
export function bootstrapFor(fn: FunctionDefinition): string {
  const candidates = [
    ...(fn.artifact
      ? [fn.artifact.endsWith('bootstrap') ? fn.artifact : path.join(path.dirname(fn.artifact), 'bootstrap')]
      : []),
    path.join(fn.codeDir, 'bootstrap'),
  ];
  const found = firstExecutable(candidates);
  if (found) return found;
  throw new Error(
    `Function '${fn.name}' (${fn.runtime}) has no executable bootstrap: looked for ${candidates.join(' and ')}. ` +
      'Build it first (for Go: GOOS=linux CGO_ENABLED=0 go build -o bootstrap).',
  );
}

export const goLauncher: RuntimeLauncher = {
  language: 'go',
  supports: (runtime) => /^provided(\.al2|\.al2023)?$/.test(runtime),
  launch(fn: FunctionDefinition, env: Record<string, string>): LaunchSpec {
    return {
      command: bootstrapFor(fn),
      args: [],
      env: { ...env, AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}` },
      cwd: fn.codeDir,
    };
  },
  // Only building Go functions needs a toolchain; running them needs nothing.
  toolchain() {
    return new Promise((resolve) => {
      execFile('go', ['version'], { timeout: 10_000 }, (error, stdout) => {
        resolve(
          error
            ? { ok: false, detail: `go not found on PATH (needed to build Go functions): ${error.message}` }
            : { ok: true, detail: stdout.trim() },
        );
      });
    });
  },
};
