// @ts-check
// What the plugin reads from a serverless.yml: enough to name the project and pick its targets.
import { readFileSync } from 'node:fs';
import { dirname, sep } from 'node:path';
import { parse } from 'yaml';

/** @typedef {'node' | 'python' | 'go' | 'java' | 'ruby'} Language */

/**
 * @typedef {object} ServiceDescription
 * @property {string} name the service name: the Nx project's and the Lambda function's name
 * @property {string} root the service's directory, relative to the workspace root
 * @property {string} runtime the Lambda runtime, e.g. `nodejs24.x`
 * @property {Language} language
 * @property {number} memorySize in MB
 * @property {string} functionName the `functions/<function>/…` folder the variant belongs to
 * @property {string | undefined} artifact `package.artifact`, for Java's jar
 */

/** @type {Array<[RegExp, Language]>} */
const RUNTIME_LANGUAGES = [
  [/^nodejs/, 'node'],
  [/^python/, 'python'],
  [/^ruby/, 'ruby'],
  [/^java/, 'java'],
  [/^provided/, 'go'],
];

/** @param {string} runtime @returns {Language | undefined} undefined for a runtime no variant uses */
export function languageOfRuntime(runtime) {
  return RUNTIME_LANGUAGES.find(([pattern]) => pattern.test(runtime))?.[1];
}

/** @param {string} runtime @param {string} file @returns {Language} */
function languageOf(runtime, file) {
  const language = languageOfRuntime(runtime);
  if (!language)
    throw new Error(`${file}: runtime '${runtime}' is not one of nodejs*, python*, ruby*, java*, provided*`);
  return language;
}

/**
 * Reads one serverless.yml.
 * @param {string} workspaceRoot
 * @param {string} file path of the serverless.yml, relative to the workspace root
 * @returns {ServiceDescription}
 */
export function readService(workspaceRoot, file) {
  const config = parse(readFileSync(`${workspaceRoot}/${file}`, 'utf8'));
  const name = config?.service;
  if (typeof name !== 'string' || name === '') throw new Error(`${file}: 'service' must name the service`);
  const runtime = config.provider?.runtime;
  if (typeof runtime !== 'string') throw new Error(`${file}: 'provider.runtime' is missing`);
  const root = dirname(file);
  const segments = root.split(sep);
  return {
    name,
    root,
    runtime,
    language: languageOf(runtime, file),
    memorySize: Number(config.provider.memorySize ?? 1024),
    functionName: segments[0] === 'functions' && segments[1] ? segments[1] : name,
    artifact: typeof config.package?.artifact === 'string' ? config.package.artifact : undefined,
  };
}
