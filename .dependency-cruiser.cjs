// The layering the packages keep, checked on every `npm test` (`nx run workspace:dependencies`).
// Layers, top to bottom: cli → challenges → scientist, traffic, local-cloud, dashboard → core.
// The core is pure (no I/O, no other package); adapters (the scientist's aws/ and lambda/) are
// imported by the package's entry point only, never by its domain.

/** Node modules that reach outside the process: files, network, processes, the terminal. */
const withIo =
  '^(node:)?(fs|fs/promises|net|http|https|http2|dgram|dns|dns/promises|tls|child_process|cluster|worker_threads|readline|inspector|repl|tty|os|process|v8|vm)$';

/** A package's production sources, as a path pattern. */
const sourcesOf = (folder) => `^${folder}/src/`;
const workspace = '^(packages|tools|challenges)/';

/** Forbids a package's sources to import the named packages' folders. */
const onlyBelow = (name, folder, forbidden) => ({
  name: `${name}-layer`,
  comment: `${folder} sits below ${forbidden.join(', ')}: it never imports them`,
  severity: 'error',
  from: { path: sourcesOf(folder) },
  to: { path: `^(${forbidden.join('|')})/` },
});

module.exports = {
  forbidden: [
    {
      name: 'proxy-not-runner',
      comment:
        'the proxy hands shadow work to the runner through the hand-off module; neither imports the other',
      severity: 'error',
      from: { path: '^packages/scientist/src/proxy/' },
      to: { path: '^packages/scientist/src/runner/' },
    },
    {
      name: 'runner-not-proxy',
      comment:
        'the runner reads what the proxy handed off through the hand-off module; neither imports the other',
      severity: 'error',
      from: { path: '^packages/scientist/src/runner/' },
      to: { path: '^packages/scientist/src/proxy/' },
    },
    {
      name: 'domain-not-adapters',
      comment:
        "the scientist's domain owns its ports; the adapters (aws/, lambda/) implement them and only the entry point wires them",
      severity: 'error',
      from: {
        path: '^packages/scientist/src/',
        pathNot: ['^packages/scientist/src/(aws|lambda)/', '^packages/scientist/src/index\\.ts$'],
      },
      to: { path: '^packages/scientist/src/(aws|lambda)/' },
    },
    {
      name: 'core-without-io',
      comment: 'the core decides and does no I/O: clock, invoking and storing come in through interfaces',
      severity: 'error',
      from: { path: '^packages/core/' },
      to: { dependencyTypes: ['core'], path: withIo },
    },
    {
      name: 'core-without-sdks',
      comment: 'the core does no I/O: no AWS SDK, no HTTP or process library',
      severity: 'error',
      from: { path: '^packages/core/' },
      to: { path: 'node_modules/(@aws-sdk|@smithy|@aws-lambda-powertools|execa|undici|dynalite)/' },
    },
    {
      name: 'core-alone',
      comment: 'every package builds on the core; the core builds on no package of ours',
      severity: 'error',
      from: { path: '^packages/core/' },
      to: { path: workspace, pathNot: '^packages/core/' },
    },
    {
      name: 'commands-are-siblings',
      comment:
        'a CLI command imports shared modules, never another command (the order of steps is written where it happens)',
      severity: 'error',
      from: { path: '^packages/cli/src/commands/([^/]+)\\.ts$' },
      to: { path: '^packages/cli/src/commands/', pathNot: '^packages/cli/src/commands/$1\\.ts$' },
    },
    {
      name: 'nothing-imports-the-cli',
      comment: 'the CLI is the top: no package imports it',
      severity: 'error',
      from: { pathNot: '^packages/cli/' },
      to: { path: '^packages/cli/' },
    },
    onlyBelow('challenges', 'challenges', ['packages/cli']),
    onlyBelow('scientist', 'packages/scientist', [
      'packages/cli',
      'challenges',
      'packages/local-cloud',
      'tools',
    ]),
    onlyBelow('local-cloud', 'packages/local-cloud', [
      'packages/cli',
      'challenges',
      'packages/scientist',
      'packages/dashboard',
      'tools',
    ]),
    onlyBelow('dashboard', 'packages/dashboard', [
      'packages/cli',
      'challenges',
      'packages/local-cloud',
      'tools',
    ]),
    onlyBelow('traffic', 'tools/traffic', [
      'packages/cli',
      'challenges',
      'packages/scientist',
      'packages/local-cloud',
      'packages/dashboard',
    ]),
    onlyBelow('nx-serverless', 'tools/nx-serverless', [
      'packages/cli',
      'challenges',
      'packages/scientist',
      'packages/local-cloud',
      'packages/dashboard',
    ]),
    {
      name: 'no-circular',
      comment: 'modules that import each other, directly or round about, are one module in two files',
      severity: 'error',
      from: { path: workspace },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules|\\.serverless|target|fixtures)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    // Workspace packages resolve to their TypeScript sources, as typecheck and vitest resolve them.
    enhancedResolveOptions: {
      conditionNames: ['@serverless-scientist/source', 'types', 'import', 'require', 'node', 'default'],
      exportsFields: ['exports'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.d.ts'],
    },
    moduleSystems: ['es6', 'cjs'],
  },
};
