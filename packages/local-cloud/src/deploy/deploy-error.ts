/** Where in a serverless.yml something was written, as `file:line:col` (1-based). */
export interface SourceLocation {
  file: string;
  line: number;
  col: number;
}

export function formatLocation(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.col}`;
}

/** A serverless.yml the local cloud cannot deploy: the message names what and where. */
export class DeployError extends Error {
  constructor(
    message: string,
    readonly location?: SourceLocation,
    options?: { cause?: unknown },
  ) {
    super(location ? `${formatLocation(location)}: ${message}` : message, options);
    this.name = 'DeployError';
  }
}
