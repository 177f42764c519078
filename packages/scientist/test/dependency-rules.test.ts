import path from 'node:path';
import { cruise, type IForbiddenRuleType } from 'dependency-cruiser';
import { expect, test } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');

/**
 * The layering docs/architecture.md describes, checked on every test run: a change that breaks it
 * fails here with the offending import named.
 */
const rules: IForbiddenRuleType[] = [
  {
    name: 'proxy-and-runner-apart',
    comment: 'The proxy and the runner share only the hand-off module (hand-off.ts).',
    severity: 'error',
    from: { path: '^packages/scientist/src/proxy/' },
    to: { path: '^packages/scientist/src/runner/' },
  },
  {
    name: 'runner-and-proxy-apart',
    comment: 'The proxy and the runner share only the hand-off module (hand-off.ts).',
    severity: 'error',
    from: { path: '^packages/scientist/src/runner/' },
    to: { path: '^packages/scientist/src/proxy/' },
  },
  {
    name: 'domain-without-adapters',
    comment:
      'The domain depends on the ports; only the Lambda files and store-connection.ts pick adapters (index.ts, the public API, offers them).',
    severity: 'error',
    from: {
      path: '^packages/scientist/src/',
      pathNot: [
        '^packages/scientist/src/(aws|lambda)/',
        '^packages/scientist/src/(store-connection|index)\\.ts$',
      ],
    },
    to: { path: '^packages/scientist/src/(aws|lambda)/' },
  },
  {
    name: 'domain-without-sdk',
    comment: 'Only adapters and Lambda files talk to AWS.',
    severity: 'error',
    from: {
      path: '^packages/scientist/src/',
      pathNot: ['^packages/scientist/src/(aws|lambda)/'],
    },
    to: { path: '@aws-sdk/|@aws-lambda-powertools/' },
  },
  {
    name: 'core-without-io',
    comment: 'The core does no I/O: no file system, network, processes or AWS.',
    severity: 'error',
    from: { path: '^packages/core/src/' },
    to: {
      path: '^(node:)?(fs|fs/promises|http|https|http2|net|dgram|dns|child_process|worker_threads|cluster|tls)$|@aws-sdk/|@aws-lambda-powertools/',
    },
  },
  {
    name: 'core-alone',
    comment: 'The core imports no other package of this repository.',
    severity: 'error',
    from: { path: '^packages/core/src/' },
    to: { path: '^packages/(?!core/)' },
  },
];

test('the scientist and the core keep their layers', async () => {
  const previous = process.cwd();
  process.chdir(root);
  try {
    const result = await cruise(
      ['packages/scientist/src', 'packages/core/src'],
      {
        ruleSet: { forbidden: rules },
        validate: true,
        tsPreCompilationDeps: true,
        tsConfig: { fileName: 'packages/scientist/tsconfig.json' },
        doNotFollow: { path: 'node_modules' },
        exclude: { path: 'node_modules|/dist/' },
      },
      { conditionNames: ['@serverless-scientist/source', 'import', 'default'] },
    );
    if (typeof result.output === 'string') throw new Error('expected a cruise result, got text');
    const violations = result.output.summary.violations.map(
      ({ rule, from, to }) => `${rule.name}: ${from} → ${to}`,
    );
    expect(violations).toEqual([]);
    // The check must see the imports it judges: the proxy's own, at least.
    const proxy = result.output.modules.find(
      (module) => module.source === 'packages/scientist/src/proxy/scientist-proxy.ts',
    );
    expect(proxy?.dependencies.map((dependency) => dependency.resolved)).toContain(
      'packages/scientist/src/hand-off.ts',
    );
  } finally {
    process.chdir(previous);
  }
});
