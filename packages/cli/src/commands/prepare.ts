import { allRuntimeLaunchers, type FunctionDefinition } from '@serverless-scientist/local-cloud';
import { Command } from 'commander';
import { execa } from 'execa';
import { CliError } from '../cli-error.js';
import { workspaceRoot } from '../local-cloud-client.js';

/** What a deploy would otherwise fetch on first use, for a room with poor wifi. */
const runtimeClients = [
  {
    language: 'python',
    runtime: 'python3.12',
    what: "AWS's Python runtime interface client (awslambdaric, from PyPI)",
  },
  { language: 'java', runtime: 'java21', what: "AWS's Java runtime interface client (from Maven Central)" },
] as const;

export function prepareCommand(): Command {
  return new Command('prepare')
    .description(
      'fetch and build everything the tutorial needs (runtime clients, Go modules, Maven artifacts, builds) so the rest runs offline',
    )
    .action(async () => {
      const root = workspaceRoot();
      const started = performance.now();
      const total = runtimeClients.length + 1;
      let step = 0;
      for (const client of runtimeClients) {
        step++;
        const launcher = allRuntimeLaunchers.find((candidate) => candidate.language === client.language);
        process.stdout.write(`[${step}/${total}] ${client.what}…\n`);
        const began = performance.now();
        try {
          await launcher?.prepare?.({ runtime: client.runtime } as FunctionDefinition);
        } catch (error) {
          throw new CliError(`could not prepare ${client.what}: ${(error as Error).message}`, 1, {
            cause: error,
          });
        }
        process.stdout.write(`      ready in ${seconds(began)}\n`);
      }
      step++;
      process.stdout.write(
        `[${step}/${total}] building every package and function (Go modules and Maven artifacts are fetched here); Nx prints each task:\n`,
      );
      const began = performance.now();
      const build = await execa('npx', ['nx', 'run-many', '-t', 'build', '--output-style=stream'], {
        cwd: root,
        reject: false,
        stdio: ['ignore', 'inherit', 'inherit'],
        env: { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
      });
      if (build.exitCode !== 0)
        throw new CliError(`the build failed (exit ${build.exitCode}); see the lines above`);
      process.stdout.write(
        `      built in ${seconds(began)}\nprepared in ${seconds(started)}: the tutorial now runs offline\n`,
      );
    });
}

function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}
