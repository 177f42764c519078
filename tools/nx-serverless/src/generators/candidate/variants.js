// @ts-check
// The variants of a function (functions/<function>/<variant>/serverless.yml) a fork can start from.
import { join } from 'node:path';
import { parse } from 'yaml';
import { languageOfRuntime } from '../../service.js';

/** @typedef {import('./index.js').Language} Language */
/** @typedef {import('nx/src/devkit-exports').Tree} Tree */

/** @type {readonly Language[]} */
export const candidateLanguages = Object.freeze(['node', 'python', 'go', 'java', 'ruby']);

/** @type {Readonly<Record<Language, string>>} */
export const languageNames = Object.freeze({
  node: 'Node',
  python: 'Python',
  go: 'Go',
  java: 'Java',
  ruby: 'Ruby',
});

/**
 * @typedef {object} Variant
 * @property {string} dir its folder under the function's
 * @property {string} service
 * @property {string} runtime
 * @property {number} memorySize in MB
 * @property {Language} language
 */

/** @param {Tree} tree @param {string} functionDir @param {string} dir @returns {Variant | undefined} */
function readVariant(tree, functionDir, dir) {
  const file = join(functionDir, dir, 'serverless.yml');
  if (!tree.isFile(file)) return undefined;
  const config = parse(tree.read(file, 'utf-8') ?? '');
  const runtime = String(config?.provider?.runtime ?? '');
  const language = languageOfRuntime(runtime);
  if (!language || typeof config.service !== 'string') return undefined;
  return {
    dir,
    service: config.service,
    runtime,
    memorySize: Number(config.provider.memorySize ?? 1024),
    language,
  };
}

/** @param {Tree} tree @param {string} functionDir @returns {Variant[]} in the order of their folders */
export function variantsOf(tree, functionDir) {
  return tree
    .children(functionDir)
    .sort()
    .map((dir) => readVariant(tree, functionDir, dir))
    .filter((variant) => variant !== undefined);
}

/**
 * The variant to copy: with another memory size, the control when it is in that language (so memory
 * is the one thing that differs); else `candidate-<lang>` if there is one, else the control, else
 * any in that language.
 * @param {Variant[]} variants @param {Language} language @param {boolean} otherMemory
 * @returns {Variant | undefined}
 */
export function sourceVariant(variants, language, otherMemory) {
  const control = variants.find((variant) => variant.dir.startsWith('control-'));
  if (otherMemory && control?.language === language) return control;
  const inLanguage = variants.filter((variant) => variant.language === language);
  return (
    inLanguage.find((variant) => variant.dir === `candidate-${language}`) ??
    inLanguage.find((variant) => variant.dir.startsWith('control-')) ??
    inLanguage[0]
  );
}
