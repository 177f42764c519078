import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LocalCloud } from '@serverless-scientist/local-cloud';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { scientist } from './support/in-process-cli.js';
import { startTableCloud, type TableCloud } from './support/table-cloud.js';

const experiments = (control: string, extra = '') => `experiments:
  rounding-float:
    path: round
    control:
      name: Round Node
      arn: arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:${control}
    candidates:
      candidate-1:
        name: Round Python3-math
        arn: candidate-round-python3-math${extra}
`;

describe('experiments validate and upload check a file as the deployed proxy reads it', () => {
  let dir: string;
  let local: TableCloud;
  let cloud: LocalCloud;
  let endpoint: string;
  const lambdaBefore = process.env.AWS_ENDPOINT_URL_LAMBDA;
  const file = (name: string, text: string | Buffer) => {
    writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };
  /** Both commands, side by side: they must agree. */
  const both = async (target: string) => ({
    validate: await scientist('experiments', 'validate', target),
    upload: await scientist('experiments', 'upload', target, '--endpoint', endpoint),
  });

  beforeAll(async () => {
    // The table beside a control and a stand-in for the scientist's proxy function, whose
    // environment is where the proxy fills placeholders from.
    local = await startTableCloud('scientist-checks-', {
      environment: '    CANDIDATE_SUFFIX: ""\n    PROXY_ONLY: "-x"',
      functions: [
        '  control:',
        '    name: control-round',
        '    handler: handler.handler',
        '  proxy:',
        '    name: scientist-dev-proxy',
        '    handler: handler.handler',
      ].join('\n'),
    });
    ({ dir, cloud, endpoint } = local);
    process.env.AWS_ENDPOINT_URL_LAMBDA = cloud.endpoints.lambda;
  }, 60_000);
  afterAll(async () => {
    if (lambdaBefore === undefined) delete process.env.AWS_ENDPOINT_URL_LAMBDA;
    else process.env.AWS_ENDPOINT_URL_LAMBDA = lambdaBefore;
    await local?.stop();
  });

  test('a deployed control passes both', async () => {
    const { validate, upload } = await both(file('good.yaml', experiments('control-round')));
    expect(validate).toMatchObject({ code: 0, stderr: '' });
    expect(upload).toMatchObject({ code: 0, stderr: '' });
    expect(upload.stdout).toMatch(/as version \d+ \(1 experiment, 1 candidate\)\n$/);
  });

  test('a control that does not exist is refused by both at its place; --force publishes anyway', async () => {
    const target = file('missing.yaml', experiments('control-rund'));
    const { validate, upload } = await both(target);
    for (const run of [validate, upload]) {
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        /missing\.yaml:6:\d+: arn: the control function 'control-rund' does not exist there; .* did you mean 'control-round'\?\n/,
      );
    }
    const forced = await scientist('experiments', 'upload', target, '--endpoint', endpoint, '--force');
    expect(forced).toMatchObject({ code: 0, stderr: '' });
  });

  test('placeholders are filled from the proxy function environment, the same for both', async () => {
    // Set here in the shell, but not in the proxy's environment: the proxy could not fill it in.
    process.env.SHELL_ONLY_VARIABLE = 'x';
    try {
      const unset = await both(
        file('unset.yaml', experiments('control-round', '\u0024{env:SHELL_ONLY_VARIABLE}')),
      );
      for (const run of [unset.validate, unset.upload]) {
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(
          /unset\.yaml:10:\d+: \$\{env:SHELL_ONLY_VARIABLE\} cannot be filled in: SHELL_ONLY_VARIABLE is not set/,
        );
      }
    } finally {
      delete process.env.SHELL_ONLY_VARIABLE;
    }
    // Set in the proxy's environment only: both fill it in as the proxy will.
    const known = await both(file('known.yaml', experiments('control-round', '\u0024{env:PROXY_ONLY}')));
    expect(known.validate).toMatchObject({ code: 0, stderr: '' });
    expect(known.upload).toMatchObject({ code: 0, stderr: '' });
    // Another stage's proxy is asked for its own environment: no scientist-prod-proxy is deployed.
    const prod = await scientist('experiments', 'validate', path.join(dir, 'known.yaml'), '--stage', 'prod');
    expect(prod.code).toBe(1);
    expect(prod.stderr).toMatch(
      /known\.yaml:10:\d+: \$\{env:PROXY_ONLY\} cannot be filled in: PROXY_ONLY is not set/,
    );
    // An empty value counts as unset, for both.
    const empty = await both(
      file('empty.yaml', experiments('control-round', '\u0024{env:CANDIDATE_SUFFIX}')),
    );
    expect([empty.validate.code, empty.upload.code]).toEqual([1, 1]);
  });

  test('both refuse object-internal keys, non-UTF-8 bytes, the scientist itself and a file too large to store', async () => {
    const cases: [string, string | Buffer, RegExp][] = [
      [
        'proto.yaml',
        experiments('control-round').replace('rounding-float:', '__proto__:'),
        /proto\.yaml:2:3: '__proto__' cannot be a key/,
      ],
      [
        'bytes.yaml',
        Buffer.concat([Buffer.from('experiments:\n  r\xe9'), Buffer.from([0xc3, 0x28])]),
        /bytes\.yaml:2:5: the file is not UTF-8 text: byte 0xc3/,
      ],
      [
        'self.yaml',
        experiments('scientist-dev-proxy'),
        /self\.yaml:6:\d+: arn: 'scientist-dev-proxy' is the scientist itself/,
      ],
      [
        'large.yaml',
        `${experiments('control-round')}# ${'x'.repeat(400 * 1024)}\n`,
        /large\.yaml:1:1: the file is \d+ bytes; a stored version holds at most 408576/,
      ],
    ];
    for (const [name, text, problem] of cases) {
      const { validate, upload } = await both(file(name, text));
      for (const run of [validate, upload]) {
        expect(run.code, name).toBe(1);
        expect(run.stderr, name).toMatch(problem);
      }
    }
  });
});
