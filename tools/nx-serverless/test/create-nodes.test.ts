import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { createNodesV2, findServiceFiles } from '../src/index.js';

const workspaceRoot = fileURLToPath(new URL('../../..', import.meta.url));

async function inferAll() {
  const files = findServiceFiles(workspaceRoot);
  const [, createNodes] = createNodesV2;
  const results = await createNodes(files, undefined, { workspaceRoot, nxJsonConfiguration: {} });
  return Object.fromEntries(
    results
      .flatMap(([, result]) => Object.entries(result.projects ?? {}))
      .map(([root, project]) => [project.name, { root, ...project }]),
  );
}

test('every variant is a project named after its service, with targets for its language', async () => {
  const projects = await inferAll();
  expect(Object.keys(projects).length).toBeGreaterThanOrEqual(24);
  const go = projects['candidate-round-go']!;
  expect(go.root).toBe('functions/round/candidate-go');
  expect(go.tags).toEqual(['type:function', 'lang:go', 'function:round']);
  expect(Object.keys(go.targets ?? {}).sort()).toEqual(['build', 'deploy', 'package', 'test']);
  expect(go.targets?.build?.outputs).toEqual(['{projectRoot}/bootstrap']);
  expect(go.targets?.deploy).toMatchInlineSnapshot(`
    {
      "cache": false,
      "configurations": {
        "aws": {
          "command": "npx serverless deploy",
          "cwd": "{projectRoot}",
        },
      },
      "dependsOn": [
        "build",
        {
          "projects": [
            "cli",
          ],
          "target": "build",
        },
      ],
      "executor": "nx:run-commands",
      "options": {
        "command": "node packages/cli/bin/scientist.js deploy {projectRoot}",
      },
    }
  `);
  expect(projects['candidate-sort-java']?.targets?.build?.outputs).toEqual([
    '{projectRoot}/target/candidate-sort-java.jar',
  ]);
  expect(projects['control-round']?.targets?.build).toBeUndefined();
  expect(projects['candidate-round-ruby']?.targets?.test?.options.command).toMatch(/^ruby /);
});

test('a serverless.yml without a known runtime says which file and why', async () => {
  const { readService } = await import('../src/service.js');
  const fixture = fileURLToPath(new URL('./fixtures', import.meta.url));
  expect(() => readService(fixture, 'bad-runtime/serverless.yml')).toThrow(
    "bad-runtime/serverless.yml: runtime 'dotnet8' is not one of nodejs*, python*, ruby*, java*, provided*",
  );
});
