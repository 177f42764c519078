// Bundles each Lambda handler into dist/lambda/<name>.mjs: ESM for Node 20, minified, with the
// AWS SDK inside so the deployed code runs the SDK version it was tested with. Copies the built
// dashboard, if any, to dist/dashboard/.
import { cpSync, existsSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const handlers = ['proxy', 'runner', 'api', 'rollouts'];

/**
 * The core's modules do nothing when imported, but its package.json does not declare it
 * (`sideEffects: false`); saying so here lets the runner's bundle leave out the YAML parser and
 * schema it never calls: about half its size and a third of its start-up.
 */
const coreHasNoSideEffects = {
  name: 'core-has-no-side-effects',
  setup(builder) {
    builder.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData === 'resolving') return undefined;
      if (!args.importer.includes('/packages/core/src/') && args.path !== '@serverless-scientist/core')
        return undefined;
      const resolved = await builder.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: 'resolving',
      });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      return {
        ...resolved,
        sideEffects: resolved.path.includes('/packages/core/src/') ? false : resolved.sideEffects,
      };
    });
  },
};

await build({
  entryPoints: Object.fromEntries(handlers.map((name) => [name, `src/lambda/${name}.ts`])),
  outdir: 'dist/lambda',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  sourcemap: true,
  conditions: ['@serverless-scientist/source'],
  // Some bundled CommonJS dependencies call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  plugins: [coreHasNoSideEffects],
  logLevel: 'warning',
});

// The dashboard is served by the api function from its built files, when they exist.
const dashboard = new URL('../../dashboard/dist/', import.meta.url);
rmSync(new URL('../dist/dashboard/', import.meta.url), { recursive: true, force: true });
if (existsSync(dashboard))
  cpSync(dashboard, new URL('../dist/dashboard/', import.meta.url), { recursive: true });
