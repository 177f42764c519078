import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CliError } from './cli-error.js';
import { workspaceRoot } from './local-cloud-client.js';

export function defaultExperimentsFile(root = workspaceRoot()): string {
  return path.join(root, 'packages', 'scientist', 'experiments.yaml');
}

/** The file meant (absolute) and how messages show it (relative when it is below here). */
export function experimentsFilePath(file: string | undefined): { file: string; shown: string } {
  const resolved = path.resolve(file ?? defaultExperimentsFile());
  const relative = path.relative(process.cwd(), resolved);
  return { file: resolved, shown: relative && !relative.startsWith('..') ? relative : resolved };
}

export function readExperimentsFile(file: string | undefined): {
  file: string;
  shown: string;
  source: string;
  /** As read: the checks refuse bytes that are not UTF-8 rather than read them as U+FFFD. */
  bytes: Buffer;
} {
  const { file: resolved, shown } = experimentsFilePath(file);
  try {
    const bytes = readFileSync(resolved);
    return { file: resolved, shown, source: bytes.toString('utf8'), bytes };
  } catch (error) {
    throw new CliError(
      `cannot read ${shown}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      1,
      {
        cause: error,
      },
    );
  }
}

export function countLine(experiments: readonly { candidates: readonly unknown[] }[]): string {
  const candidates = experiments.reduce((sum, experiment) => sum + experiment.candidates.length, 0);
  return `${experiments.length} experiment${experiments.length === 1 ? '' : 's'}, ${candidates} candidate${candidates === 1 ? '' : 's'}`;
}

export function problemsError(shown: string, problems: readonly string[], verb: string): CliError {
  for (const problem of problems) process.stderr.write(`${problem}\n`);
  return new CliError(
    `${shown} is not valid (${problems.length} problem${problems.length === 1 ? '' : 's'}); ${verb}`,
  );
}
