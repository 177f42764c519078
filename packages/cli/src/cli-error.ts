/**
 * The one way a command fails: a one-line reason for the user, an exit code, and the cause for `--verbose`.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CliError';
  }
}
