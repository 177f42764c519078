import type { FunctionDefinition } from '../lambda/function-definition.js';

/** How to start one execution environment's process. */
export interface LaunchSpec {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
}

/** One language's runtime: turns a function into the process that pulls its work from the Runtime API. */
export interface RuntimeLauncher {
  readonly language: 'node' | 'python' | 'ruby' | 'java' | 'go';
  supports(runtime: string): boolean;
  /** `env` already holds AWS_LAMBDA_RUNTIME_API, _HANDLER, LAMBDA_TASK_ROOT and the AWS-provided variables. */
  launch(fn: FunctionDefinition, env: Record<string, string>): LaunchSpec;
  /**
   * Makes the runtime ready to launch `fn` (e.g. installs its runtime interface client on first use). Awaited
   * by every deploy, so `launch` never waits for an install; safe to call concurrently, from several processes.
   */
  prepare?(fn: FunctionDefinition): Promise<void>;
  /** For `scientist doctor`: is the toolchain this runtime needs present? */
  toolchain(): Promise<{ ok: boolean; detail: string }>;
}
