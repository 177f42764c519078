import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FunctionDefinition } from '../../lambda/function-definition.js';
import { installRuntimeClientOnce } from '../runtime-client-install.js';
import type { LaunchSpec, RuntimeLauncher } from '../runtime-launcher.js';
import { type PythonInterpreter, pythonInterpreterFor } from './python-interpreter.js';

/**
 * AWS's own runtime interface client, run unchanged: it started faster than a standard-library
 * client here (docs/decisions/0005-runtime-interface-clients.md) and is what the managed runtime runs.
 */
export const awsLambdaRicVersion = '4.2.2';

// Installed next to this file's source (git-ignored), one directory per CPython ABI since the
// client carries a native extension.
function clientsRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.join(here.replace(/([/\\])dist([/\\])runtimes/, '$1src$2runtimes'), '.runtime-client');
}

export function runtimeClientDir(interpreter: PythonInterpreter): string {
  return path.join(
    clientsRoot(),
    `awslambdaric-${awsLambdaRicVersion}-cp${interpreter.version.replace('.', '')}`,
  );
}

export class PythonRuntimeClientInstallError extends Error {
  constructor(interpreter: PythonInterpreter, detail: string) {
    super(
      `Could not install awslambdaric ${awsLambdaRicVersion} for ${interpreter.path} (Python ${interpreter.version}) ` +
        `from PyPI: ${detail}`,
    );
    this.name = 'PythonRuntimeClientInstallError';
  }
}

const installTimeoutMs = 300_000;

/**
 * Installs the runtime interface client for this interpreter once (a few seconds, from PyPI); concurrent
 * callers, in this process or others, share the one install (see installRuntimeClientOnce).
 */
export function preparePythonRuntime(runtime: string): Promise<string> {
  const interpreter = pythonInterpreterFor(runtime);
  const target = runtimeClientDir(interpreter);
  if (existsSync(target)) return Promise.resolve(target);
  return installRuntimeClientOnce(target, (staging) => pipInstall(interpreter, staging), {
    timeoutMs: installTimeoutMs,
  });
}

function pipInstall(interpreter: PythonInterpreter, staging: string): Promise<void> {
  const args = [
    '-m',
    'pip',
    'install',
    '--quiet',
    '--disable-pip-version-check',
    '--no-input',
    '--only-binary=:all:',
    '--target',
    staging,
    `awslambdaric==${awsLambdaRicVersion}`,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(interpreter.path, args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: installTimeoutMs,
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    child.on('error', (error) => reject(new PythonRuntimeClientInstallError(interpreter, error.message)));
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new PythonRuntimeClientInstallError(
            interpreter,
            `pip exited with ${code ?? signal}: ${stderr.trim()}`,
          ),
        );
    });
  });
}

export const pythonLauncher: RuntimeLauncher = {
  language: 'python',
  supports: (runtime) => /^python3\.\d+$/.test(runtime),
  launch(fn: FunctionDefinition, env: Record<string, string>): LaunchSpec {
    const interpreter = pythonInterpreterFor(fn.runtime);
    const clientDir = runtimeClientDir(interpreter);
    // Deploys prepare the runtime; launching never installs (that would block every invocation meanwhile).
    if (!existsSync(clientDir)) {
      throw new Error(
        `awslambdaric ${awsLambdaRicVersion} is not installed in ${clientDir}: deploy the function again to install it.`,
      );
    }
    return {
      // The real interpreter by absolute path (never a pyenv shim), -S to skip site processing:
      // the function's directory (cwd, first on sys.path as /var/task on AWS) and the client are all it imports from.
      command: interpreter.path,
      args: ['-S', '-m', 'awslambdaric', env._HANDLER ?? fn.handler],
      env: {
        ...env,
        AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
        // As on AWS, where PYTHONPATH names the runtime's own directory.
        PYTHONPATH: clientDir,
        PYTHONUNBUFFERED: '1',
      },
      cwd: fn.codeDir,
    };
  },
  async prepare(fn: FunctionDefinition) {
    await preparePythonRuntime(fn.runtime);
  },
  async toolchain() {
    try {
      const interpreter = pythonInterpreterFor('python3.12');
      const client = existsSync(runtimeClientDir(interpreter))
        ? `awslambdaric ${awsLambdaRicVersion} installed`
        : `awslambdaric ${awsLambdaRicVersion} will be installed from PyPI on first use`;
      return { ok: true, detail: `python ${interpreter.version} at ${interpreter.path}; ${client}` };
    } catch (error) {
      return { ok: false, detail: (error as Error).message };
    }
  },
};
