// @ts-check
// The Nx targets of one function variant. Non-JavaScript toolchains run through nx:run-commands
// with declared inputs and outputs, so Nx caches builds, tests and packages like any other task.

/** @typedef {import('./service.js').ServiceDescription} ServiceDescription */
/** @typedef {import('nx/src/devkit-exports').TargetConfiguration} TargetConfiguration */

const CLI = 'node packages/cli/bin/scientist.js';

/** @type {Record<import('./service.js').Language, string>} */
const TEST_COMMANDS = {
  node: 'npx vitest run',
  python: 'pytest -q -p no:cacheprovider',
  ruby: `ruby -I. -e "Dir.glob('test/**/*_test.rb').sort.each { |file| require File.expand_path(file) }"`,
  go: 'go test ./...',
  java: 'mvn -B -q test',
};

/**
 * @param {ServiceDescription} service
 * @returns {TargetConfiguration | undefined} the build target, for the languages that compile
 */
function buildTarget(service) {
  if (service.language === 'go') {
    return {
      executor: 'nx:run-commands',
      options: {
        command: 'go build -tags lambda.norpc -o bootstrap .',
        cwd: '{projectRoot}',
        // A static Linux binary: what provided.al2023 runs, wherever it was built.
        env: { CGO_ENABLED: '0', GOOS: 'linux', GOARCH: 'amd64' },
      },
      inputs: [
        '{projectRoot}/**/*.go',
        '!{projectRoot}/**/*_test.go',
        '{projectRoot}/go.mod',
        '{projectRoot}/go.sum',
      ],
      outputs: ['{projectRoot}/bootstrap'],
      dependsOn: [],
      cache: true,
    };
  }
  if (service.language === 'java') {
    const jar = service.artifact ?? `target/${service.name}.jar`;
    return {
      executor: 'nx:run-commands',
      options: { command: 'mvn -B -q package -DskipTests', cwd: '{projectRoot}' },
      inputs: ['{projectRoot}/pom.xml', '{projectRoot}/src/main/**/*', '{workspaceRoot}/functions/pom.xml'],
      outputs: [`{projectRoot}/${jar}`],
      dependsOn: [],
      cache: true,
    };
  }
  return undefined;
}

/**
 * @param {ServiceDescription} service
 * @returns {Record<string, TargetConfiguration>}
 */
export function targetsFor(service) {
  const build = buildTarget(service);
  const built = build ? ['build'] : [];
  /** @type {Record<string, TargetConfiguration>} */
  const targets = {
    test: {
      executor: 'nx:run-commands',
      options: { command: TEST_COMMANDS[service.language], cwd: '{projectRoot}' },
      inputs: [
        '{projectRoot}/**/*',
        '!{projectRoot}/.serverless/**/*',
        ...(build ? (build.inputs ?? []) : []),
      ],
      dependsOn: [],
      cache: true,
    },
    package: {
      executor: 'nx:run-commands',
      options: {
        command: 'npx serverless package',
        cwd: '{projectRoot}',
        env: { SLS_TELEMETRY_DISABLED: '1', FORCE_COLOR: '0' },
      },
      inputs: ['{projectRoot}/**/*', '!{projectRoot}/.serverless/**/*'],
      outputs: ['{projectRoot}/.serverless'],
      dependsOn: built,
      cache: true,
    },
    deploy: {
      executor: 'nx:run-commands',
      options: { command: `${CLI} deploy {projectRoot}` },
      configurations: {
        // The same serverless.yml, unchanged, to AWS with the caller's credentials.
        aws: { command: 'npx serverless deploy', cwd: '{projectRoot}' },
      },
      dependsOn: [...built, { projects: ['cli'], target: 'build' }],
      cache: false,
    },
  };
  if (build) targets.build = build;
  return targets;
}
