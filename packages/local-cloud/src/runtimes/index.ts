import { goLauncher } from './go/go-launcher.js';
import { javaLauncher } from './java/java-launcher.js';
import { nodeLauncher } from './node/node-launcher.js';
import { pythonLauncher } from './python/python-launcher.js';
import { rubyLauncher } from './ruby/ruby-launcher.js';
import type { RuntimeLauncher } from './runtime-launcher.js';

/** Every runtime the local cloud can run; each language adds its launcher here. */
export const allRuntimeLaunchers: readonly RuntimeLauncher[] = [
  nodeLauncher,
  pythonLauncher,
  rubyLauncher,
  javaLauncher,
  goLauncher,
];

export class UnsupportedRuntimeError extends Error {
  constructor(readonly runtime: string) {
    super(
      `Runtime '${runtime}' is not supported by the local cloud. Supported: ${supportedRuntimes().join(', ')}.`,
    );
    this.name = 'UnsupportedRuntimeError';
  }
}

export function runtimeLauncherFor(runtime: string): RuntimeLauncher {
  const launcher = allRuntimeLaunchers.find((candidate) => candidate.supports(runtime));
  if (!launcher) throw new UnsupportedRuntimeError(runtime);
  return launcher;
}

/** Examples of accepted runtime identifiers, for error messages and doctor. */
export function supportedRuntimes(): string[] {
  const examples = [
    'nodejs20.x',
    'nodejs22.x',
    'python3.12',
    'ruby3.3',
    'java17',
    'java21',
    'provided.al2023',
  ];
  return examples.filter((runtime) => allRuntimeLaunchers.some((launcher) => launcher.supports(runtime)));
}
