// Makes `npx scientist …` work right after `npm install`: the bin runs the CLI's built dist/, and
// so do the workspace packages it imports. tsc builds them in about 25 s; esbuild transpiles the
// same sources file by file in well under a second, so install does that, for each package whose
// dist/ is missing or older than its sources. `nx run cli:build` (run by `npm start`) still
// produces the full tsc output with declarations, and overwrites these files.
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const cliRoot = fileURLToPath(new URL('..', import.meta.url));
const workspaceRoot = path.resolve(cliRoot, '../..');
const scope = '@serverless-scientist/';

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** The CLI and every workspace package it needs at run time, found through their package.json. */
function runtimePackages() {
  const found = new Map();
  const visit = (root) => {
    const manifest = readJson(path.join(root, 'package.json'));
    if (found.has(manifest.name)) return;
    found.set(manifest.name, { root, manifest });
    for (const dependency of Object.keys(manifest.dependencies ?? {})) {
      if (!dependency.startsWith(scope)) continue;
      const linked = path.join(workspaceRoot, 'node_modules', dependency);
      // npm links workspace packages under node_modules; the link leads to the package's folder.
      if (existsSync(linked)) visit(realpathSync(linked));
    }
  };
  visit(cliRoot);
  return [...found.values()];
}

/** The package's tsc build settings (tsconfig.lib.json): where sources start, which it takes, which not. */
function buildSettings(root) {
  const config = path.join(root, 'tsconfig.lib.json');
  const {
    compilerOptions = {},
    include = ['src'],
    exclude = [],
  } = existsSync(config) ? readJson(config) : {};
  const rootDir = compilerOptions.rootDir ?? 'src';
  const relativeToRoot = (entry) => path.relative(rootDir, entry);
  // `include` entries are folders or simple globs (`*` within one path segment).
  const included = include.map((entry) => {
    const relative = relativeToRoot(entry);
    if (relative === '') return /^/;
    return new RegExp(`^${relative.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*')}(/|$)`);
  });
  return { sourceDir: path.join(root, rootDir), included, excluded: exclude.map(relativeToRoot) };
}

function sourceFiles({ sourceDir, included, excluded }) {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const relative = path.relative(sourceDir, full);
      if (entry.name === 'node_modules' || entry.name === 'dist') continue;
      if (excluded.some((prefix) => relative === prefix || relative.startsWith(`${prefix}/`))) continue;
      if (entry.isDirectory()) walk(full);
      else if (
        /\.ts$/.test(entry.name) &&
        !/\.(test|d)\.ts$/.test(entry.name) &&
        included.some((pattern) => pattern.test(relative))
      )
        files.push(full);
    }
  };
  walk(sourceDir);
  return files;
}

/** Whether the package's built entry point exists and is newer than every source file. */
function isUpToDate(root, manifest, files) {
  const entry = manifest.exports?.['.']?.default;
  if (typeof entry !== 'string') return false;
  const built = path.join(root, entry);
  if (!existsSync(built)) return false;
  const builtAt = statSync(built).mtimeMs;
  return files.every((file) => statSync(file).mtimeMs <= builtAt);
}

async function main() {
  const { build } = await import('esbuild');
  const started = performance.now();
  const transpiled = [];
  for (const { root, manifest } of runtimePackages()) {
    const settings = buildSettings(root);
    const { sourceDir } = settings;
    if (!existsSync(sourceDir)) continue;
    const files = sourceFiles(settings);
    if (files.length === 0 || isUpToDate(root, manifest, files)) continue;
    await build({
      entryPoints: files,
      outdir: path.join(root, 'dist'),
      outbase: sourceDir,
      bundle: false,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      sourcemap: true,
      logLevel: 'warning',
    });
    transpiled.push(manifest.name.replace(scope, ''));
  }
  if (transpiled.length > 0) {
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(`scientist: CLI ready (${transpiled.join(', ')} transpiled in ${seconds} s)\n`);
  }
}

await main();
