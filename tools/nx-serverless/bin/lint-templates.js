#!/usr/bin/env node
// @ts-check
// Lints the CloudFormation that `serverless package` wrote for every service (or the templates
// given): cfn-lint, then the least-privilege IAM check. Exit 1 on any problem.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { pythonTools } from '../src/python-tools.js';
import { findServiceFiles } from '../src/service-files.js';
import { CFN_LINT_IGNORES, cfnLintProblems, iamProblems } from '../src/template-check.js';

const run = promisify(execFile);
const workspaceRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const TEMPLATE = 'cloudformation-template-update-stack.json';

/** Every service's packaged template: the functions' and the scientist's. */
function defaultTemplates() {
  const roots = [...findServiceFiles(workspaceRoot).map(dirname), join('packages', 'scientist')];
  return roots.map((root) => {
    const file = join(workspaceRoot, root, '.serverless', TEMPLATE);
    if (!existsSync(file)) {
      throw new Error(
        `${relative(workspaceRoot, file)} is missing: run \`npx nx run-many -t package\` first`,
      );
    }
    return file;
  });
}

async function main() {
  const started = performance.now();
  const templates =
    process.argv.length > 2 ? process.argv.slice(2).map((file) => resolve(file)) : defaultTemplates();
  const { cfnLint } = pythonTools();
  const lintStarted = performance.now();
  const ignores = CFN_LINT_IGNORES.flatMap((ignore) => ['--ignore-checks', ignore.rule]);
  const { stdout } = await run(cfnLint, ['--format', 'json', ...ignores, '--', ...templates], {
    maxBuffer: 64 * 1024 * 1024,
  }).catch((/** @type {any} */ error) => {
    // cfn-lint exits non-zero when it finds something; its findings are still on stdout.
    if (typeof error.stdout === 'string' && error.stdout.trim().startsWith('[')) return error;
    throw new Error(`cfn-lint failed: ${error.stderr || error.message}`);
  });
  const lintSeconds = (performance.now() - lintStarted) / 1000;
  const problems = cfnLintProblems(JSON.parse(stdout || '[]'));
  for (const file of templates) problems.push(...iamProblems(JSON.parse(readFileSync(file, 'utf8')), file));
  for (const problem of problems) {
    process.stdout.write(`${relative(process.cwd(), problem.file)}: ${problem.where}: ${problem.message}\n`);
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `${templates.length} template${templates.length === 1 ? '' : 's'} linted in ${seconds.toFixed(1)} s ` +
      `(cfn-lint ${lintSeconds.toFixed(1)} s): ${problems.length} problem${problems.length === 1 ? '' : 's'}\n`,
  );
  return problems.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`lint-templates: ${error.message}\n`);
    process.exit(2);
  },
);
