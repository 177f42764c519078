import { existsSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { DeployError } from './deploy-error.js';
import type { ServiceDefinition } from './service-definition.js';

export interface BuildOutcome {
  /** `nx run <project>:build`, `go build`, `mvn package`, or `none` for services with nothing to compile. */
  how: string;
  durationMs: number;
}

const buildTimeoutMs = 10 * 60_000;

/** Does this service hold compiled functions (Go's `provided.*`, Java)? */
export function needsBuild(definition: ServiceDefinition): boolean {
  return definition.functions.some(
    (fn) => fn.runtime.startsWith('provided') || fn.runtime.startsWith('java'),
  );
}

/**
 * Builds a Go or Java service before deploy: through Nx (`nx run <service>:build`, cached) when
 * the service is an Nx project, else with the language's own tool, as `serverless deploy` users do.
 */
export async function buildService(definition: ServiceDefinition, root: string): Promise<BuildOutcome> {
  const started = performance.now();
  if (!needsBuild(definition)) return { how: 'none', durationMs: 0 };
  const env = { FORCE_COLOR: '0', NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };
  const nxBinary = path.join(root, 'node_modules', '.bin', 'nx');
  if (existsSync(nxBinary)) {
    const nx = await execa(nxBinary, ['run', `${definition.service}:build`, '--output-style=stream'], {
      cwd: root,
      env,
      all: true,
      reject: false,
      timeout: buildTimeoutMs,
    });
    if (nx.exitCode === 0) return { how: `nx run ${definition.service}:build`, durationMs: elapsed(started) };
    const missingProject = /Cannot find project|could not find project|not found.*project/i.test(
      nx.all ?? '',
    );
    if (!missingProject) {
      throw new DeployError(
        `building ${definition.service} failed (nx run ${definition.service}:build):\n${lastLines(nx.all ?? '')}`,
      );
    }
  }
  const isGo = definition.functions.some((fn) => fn.runtime.startsWith('provided'));
  const [command, args, extraEnv] = isGo
    ? ([
        'go',
        ['build', '-tags', 'lambda.norpc', '-o', 'bootstrap', '.'],
        { CGO_ENABLED: '0', GOOS: 'linux' },
      ] as const)
    : (['mvn', ['-q', '-DskipTests', 'package'], {}] as const);
  const build = await execa(command, [...args], {
    cwd: definition.dir,
    env: { ...env, ...extraEnv },
    all: true,
    reject: false,
    timeout: buildTimeoutMs,
  });
  if (build.exitCode !== 0) {
    const reason =
      build.failed && build.exitCode === undefined ? build.shortMessage : lastLines(build.all ?? '');
    throw new DeployError(`building ${definition.service} failed (${command} ${args.join(' ')}):\n${reason}`);
  }
  return { how: `${command} ${args.join(' ')}`, durationMs: elapsed(started) };
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

function lastLines(text: string, count = 20): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}

/**
 * Builds many services with one `nx run-many -t build` (one Nx start-up instead of one per
 * service; cached builds cost nothing more). Services Nx does not know, or a failed batch, fall
 * back to one build each, so each failure is reported against its own service.
 */
export async function buildServices(
  definitions: readonly ServiceDefinition[],
  root: string,
): Promise<Map<ServiceDefinition, BuildOutcome | Error>> {
  const outcomes = new Map<ServiceDefinition, BuildOutcome | Error>();
  const compiled = definitions.filter(needsBuild);
  for (const definition of definitions)
    if (!needsBuild(definition)) outcomes.set(definition, { how: 'none', durationMs: 0 });
  const nxBinary = path.join(root, 'node_modules', '.bin', 'nx');
  if (compiled.length > 1 && existsSync(nxBinary)) {
    const started = performance.now();
    const projects = compiled.map((definition) => definition.service).join(',');
    const batch = await execa(
      nxBinary,
      ['run-many', '-t', 'build', '-p', projects, '--output-style=stream'],
      {
        cwd: root,
        env: { FORCE_COLOR: '0', NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
        all: true,
        reject: false,
        timeout: buildTimeoutMs,
      },
    );
    if (batch.exitCode === 0) {
      const durationMs = elapsed(started);
      for (const definition of compiled) {
        outcomes.set(definition, { how: `nx run-many -t build (${compiled.length} services)`, durationMs });
      }
      return outcomes;
    }
  }
  for (const definition of compiled) {
    outcomes.set(definition, await buildService(definition, root).catch((error: Error) => error));
  }
  return outcomes;
}
