// @ts-check
// Forking a candidate: the variant's files copied and renamed, its README row, its experiment entry.
import { join } from 'node:path';
import { CandidateError } from './candidate-error.js';
import { addToExperiment } from './experiment-entry.js';
import { memorySizeProblem, withMemorySize } from './memory-size.js';
import { addReadmeRow } from './readme-table.js';
import { languageNames, sourceVariant, variantsOf } from './variants.js';

/** @typedef {import('nx/src/devkit-exports').Tree} Tree */
/** @typedef {import('./variants.js').Language} Language */

/** @typedef {import('./index.js').ForkOptions} ForkOptions */
/** @typedef {import('./index.js').ForkedCandidate} ForkedCandidate */

export const DEFAULT_EXPERIMENTS_FILE = 'packages/scientist/experiments.yaml';

/** Build outputs and caches: never part of a fork. */
const notForked = new Set([
  'target',
  'bootstrap',
  '.serverless',
  '__pycache__',
  '.pytest_cache',
  'node_modules',
]);

/** @param {Tree} tree @param {string} functionDir @param {string} base @param {string} [name] */
function chooseName(tree, functionDir, base, name) {
  if (name !== undefined) {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) {
      throw new CandidateError(`--name '${name}' must be lowercase letters, digits and dashes`);
    }
    const dir = join(tree.root, functionDir, `candidate-${name}`);
    if (tree.exists(join(functionDir, `candidate-${name}`))) {
      throw new CandidateError(`${dir} exists already; choose another --name`);
    }
    return name;
  }
  for (let n = 1; n <= 99; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!tree.exists(join(functionDir, `candidate-${candidate}`))) return candidate;
  }
  throw new CandidateError(
    `every name from candidate-${base} to candidate-${base}-99 is taken; choose a --name`,
  );
}

/**
 * Copies a variant's files, renaming the service everywhere it appears in text (serverless.yml,
 * pom.xml's artifactId, go.mod's module).
 * @param {Tree} tree @param {string} from @param {string} to @param {string} oldName @param {string} newName
 */
function copyRenamed(tree, from, to, oldName, newName) {
  for (const entry of tree.children(from)) {
    if (notForked.has(entry)) continue;
    const source = join(from, entry);
    if (!tree.isFile(source)) {
      copyRenamed(tree, source, join(to, entry), oldName, newName);
      continue;
    }
    const bytes = /** @type {Buffer} */ (tree.read(source));
    tree.write(
      join(to, entry),
      bytes.includes(0) ? bytes : bytes.toString('utf8').replaceAll(oldName, newName),
    );
  }
}

/** @param {Tree} tree @param {string} name @returns {string} the function's folder, relative to the root */
function functionFolder(tree, name) {
  const functionDir = join('functions', name);
  if (tree.exists(functionDir) && !tree.isFile(functionDir)) return functionDir;
  const known = tree.exists('functions')
    ? tree
        .children('functions')
        .filter((entry) => !tree.isFile(join('functions', entry)))
        .sort()
    : [];
  throw new CandidateError(`no function '${name}' in functions/; there are ${known.join(', ') || 'none'}`);
}

/**
 * Forks a candidate in the tree: copies the function's variant in that language (a skeleton, or a
 * working candidate), renames it, adds it to the README's table and registers it in the experiment.
 * The new folder is a project of its own: the plugin reads its serverless.yml.
 * @param {Tree} tree @param {ForkOptions} options @returns {ForkedCandidate}
 */
export function forkCandidateInTree(tree, options) {
  const { memory } = options;
  const memoryProblem = memory === undefined ? undefined : memorySizeProblem(memory);
  if (memoryProblem) throw new CandidateError(`--memory ${memory}: ${memoryProblem}`);
  const functionDir = functionFolder(tree, options.function);
  const source = sourceVariant(variantsOf(tree, functionDir), options.language, memory !== undefined);
  if (!source) {
    throw new CandidateError(`functions/${options.function} has no ${options.language} variant to fork`);
  }
  const base = memory === undefined ? options.language : `${options.language}-${memory}`;
  const suffix = chooseName(tree, functionDir, base, options.name);
  const dir = `candidate-${suffix}`;
  const service = `candidate-${options.function}-${suffix}`;
  if (service.length > 64)
    throw new CandidateError(`'${service}' is longer than Lambda's 64 characters; shorten --name`);

  copyRenamed(tree, join(functionDir, source.dir), join(functionDir, dir), source.service, service);
  if (memory !== undefined) {
    const file = join(functionDir, dir, 'serverless.yml');
    tree.write(file, withMemorySize(join(tree.root, file), tree.read(file, 'utf-8') ?? '', memory));
  }
  addReadmeRow(
    tree,
    functionDir,
    { ...source, dir, service, memorySize: memory ?? source.memorySize },
    source,
  );
  const language = languageNames[options.language];
  const experiment = addToExperiment(tree, options.experimentsFile ?? DEFAULT_EXPERIMENTS_FILE, {
    path: options.function,
    key: dir,
    name:
      memory === undefined
        ? `${options.function} ${language} (${suffix})`
        : `${options.function} ${language} ${memory} MB`,
    arn: `arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:${service}`,
  });
  return { service, dir: join(functionDir, dir), source: join(functionDir, source.dir), experiment };
}
