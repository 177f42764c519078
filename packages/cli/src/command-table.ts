import type { Command } from 'commander';

/** A command of `scientist`: its name and one-line summary, and how to load the whole of it. */
export interface CommandEntry {
  name: string;
  /** The command's own description (a test keeps the two equal). */
  summary: string;
  load: () => Promise<Command>;
}

/**
 * Every command, in the order `scientist --help` lists them. Commands are siblings: each module
 * under commands/ imports shared modules, never another command.
 */
export const commandTable: readonly CommandEntry[] = [
  {
    name: 'up',
    summary: 'start the local cloud, deploy every function and the scientist, and print the URLs',
    load: async () => (await import('./commands/up.js')).upCommand(),
  },
  {
    name: 'down',
    summary: 'stop the local cloud',
    load: async () => (await import('./commands/down.js')).downCommand(),
  },
  {
    name: 'status',
    summary: 'show whether the local cloud runs, its ports, services and functions',
    load: async () => (await import('./commands/status.js')).statusCommand(),
  },
  {
    name: 'logs',
    summary: "print a function's log (START, END and REPORT lines and what it wrote)",
    load: async () => (await import('./commands/logs.js')).logsCommand(),
  },
  {
    name: 'endpoints',
    summary: 'print the URLs of the scientist, its experiments, every function and the SDK endpoints',
    load: async () => (await import('./commands/endpoints.js')).endpointsCommand(),
  },
  {
    name: 'deploy',
    summary: 'deploy services (to the running local cloud by default; --target aws runs serverless deploy)',
    load: async () => (await import('./commands/deploy.js')).deployCommand(),
  },
  {
    name: 'remove',
    summary: 'remove deployed services from AWS (serverless remove: stack, functions, table, logs)',
    load: async () => (await import('./commands/remove.js')).removeCommand(),
  },
  {
    name: 'experiments',
    summary:
      'check, publish or pull the experiment definitions (default packages/scientist/experiments.yaml)',
    load: async () => (await import('./commands/experiments.js')).experimentsCommand(),
  },
  {
    name: 'results',
    summary: 'per experiment and candidate: samples, matches, mismatches, errors, latency and verdict',
    load: async () => (await import('./commands/results.js')).resultsCommand(),
  },
  {
    name: 'report',
    summary: "write an experiment's evidence as Markdown, fit for a pull request or a change ticket",
    load: async () => (await import('./commands/report.js')).reportCommand(),
  },
  {
    name: 'traffic',
    summary: "send realistic production traffic to the experiments at the scientist's URLs (or to --url)",
    load: async () => (await import('./commands/traffic.js')).trafficCommand(),
  },
  {
    name: 'new',
    summary: 'create something new from a template: `new candidate`',
    load: async () => (await import('./commands/new.js')).newCandidateCommand(),
  },
  {
    name: 'promote',
    summary: 'make a candidate the control (the old control becomes a candidate), published as a new version',
    load: async () => (await import('./commands/promote.js')).promoteCommand(),
  },
  {
    name: 'rollout',
    summary: "start, show, pause, resume or abort the staged rollout of an experiment's rollout plan",
    load: async () => (await import('./commands/rollout.js')).rolloutCommand(),
  },
  {
    name: 'doctor',
    summary: 'check toolchains, CPU-quota support, ports and AWS credentials (--target aws: the account)',
    load: async () => (await import('./commands/doctor.js')).doctorCommand(),
  },
  {
    name: 'check',
    summary: 'verify a tutorial challenge: a ✔/✘ line per step, with what to do next for each ✘',
    load: async () => (await import('./commands/check.js')).checkCommand(),
  },
  {
    name: 'prepare',
    summary:
      'fetch and build everything the tutorial needs (runtime clients, Go modules, Maven artifacts, builds) so the rest runs offline',
    load: async () => (await import('./commands/prepare.js')).prepareCommand(),
  },
  {
    name: 'reset',
    summary: "clear the local cloud's state (tables with experiments and results, logs), saying what first",
    load: async () => (await import('./commands/reset.js')).resetCommand(),
  },
];
