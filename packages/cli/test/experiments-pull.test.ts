import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DynamoDbStore } from '@serverless-scientist/scientist';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { scientist } from './support/in-process-cli.js';
import { startTableCloud, type TableCloud } from './support/table-cloud.js';

const experiments = (control: string, candidate: string) => `experiments:
  rounding-float:
    path: round
    comparators: [body, statuscode]
    control: {name: ${control}, arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:control-round"}
    candidates:
      candidate-1: {name: ${candidate}, arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:candidate-round-python3-math"}
`;
const uploaded = experiments('Round Node', 'Round Python3-math');
// What a rollout's promotion stores: the candidate is the control now, the old control shadows.
const promotedByRollout = experiments('Round Python3-math', 'Round Node');
const ROLLOUT_ORIGIN = 'rollout rounding-float: promoted candidate-1';

/** The pull time in a marker, so whole files can be compared. */
const timeless = (text: string) => text.replace(/pulled \d{4}-\d\d-\d\dT\d\d:\d\dZ/g, 'pulled T');

describe('experiments pull writes the stored version back to the file', () => {
  let dir: string;
  let local: TableCloud;
  let endpoint: string;
  let store: DynamoDbStore;
  const at = (name: string) => path.join(dir, name);

  beforeAll(async () => {
    local = await startTableCloud('scientist-pull-');
    ({ dir, endpoint, store } = local);
  });
  afterAll(async () => local?.stop());

  test('with nothing stored it says so and writes nothing', async () => {
    const result = await scientist('experiments', 'pull', at('empty.yaml'), '--endpoint', endpoint);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'scientist: nothing is stored in table scientist-dev yet; `scientist experiments upload` publishes a file first\n',
    });
    expect(existsSync(at('empty.yaml'))).toBe(false);
  });

  test('writes the current version under a marker naming it, and replaces the marker on the next pull', async () => {
    writeFileSync(at('experiments.yaml'), uploaded);
    expect(
      (await scientist('experiments', 'upload', at('experiments.yaml'), '--endpoint', endpoint)).code,
    ).toBe(0);
    const first = await scientist(
      'experiments',
      'pull',
      at('experiments.yaml'),
      '--endpoint',
      endpoint,
      '--json',
    );
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(first.stdout)).toEqual({
      file: at('experiments.yaml'),
      version: 1,
      origin: 'upload',
      backup: null,
    });
    expect(timeless(readFileSync(at('experiments.yaml'), 'utf8'))).toBe(
      `# stored version 1 (upload), pulled T\n${uploaded}`,
    );

    // The scientist promotes in the store; the file, still version 1's text, is safe to replace.
    await store.publishDefinition(promotedByRollout, ROLLOUT_ORIGIN);
    const second = await scientist('experiments', 'pull', at('experiments.yaml'), '--endpoint', endpoint);
    expect(second).toEqual({
      code: 0,
      stdout: `wrote stored version 2 (${ROLLOUT_ORIGIN}) to ${at('experiments.yaml')}\n`,
      stderr: '',
    });
    expect(timeless(readFileSync(at('experiments.yaml'), 'utf8'))).toBe(
      `# stored version 2 (${ROLLOUT_ORIGIN}), pulled T\n${promotedByRollout}`,
    );
    expect(existsSync(at('experiments.yaml.bak'))).toBe(false);

    // The marker is a comment: the pulled file validates and uploads as it is.
    const valid = await scientist('experiments', 'validate', at('experiments.yaml'));
    expect(valid).toMatchObject({ code: 0, stderr: '' });
    const republished = await scientist(
      'experiments',
      'upload',
      at('experiments.yaml'),
      '--endpoint',
      endpoint,
    );
    expect(republished.stdout).toMatch(/as version 3 /);
    // A stored source that carries a marker is pulled with one marker, not two.
    await scientist('experiments', 'pull', at('experiments.yaml'), '--endpoint', endpoint);
    expect(timeless(readFileSync(at('experiments.yaml'), 'utf8'))).toBe(
      `# stored version 3 (upload), pulled T\n${promotedByRollout}`,
    );
  });

  test('writes a file that does not exist yet', async () => {
    const result = await scientist('experiments', 'pull', at('new/experiments.yaml'), '--endpoint', endpoint);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`scientist: cannot write ${at('new/experiments.yaml')}: ENOENT\n`);
    mkdirSync(at('new'));
    const written = await scientist(
      'experiments',
      'pull',
      at('new/experiments.yaml'),
      '--endpoint',
      endpoint,
    );
    expect(written.stdout).toBe(`wrote stored version 3 (upload) to ${at('new/experiments.yaml')}\n`);
    expect(timeless(readFileSync(at('new/experiments.yaml'), 'utf8'))).toBe(
      `# stored version 3 (upload), pulled T\n${promotedByRollout}`,
    );
  });

  test('refuses to overwrite text no stored version holds; --force keeps it as .bak', async () => {
    const edited = `${uploaded}    # a change not uploaded yet\n`;
    writeFileSync(at('edited.yaml'), edited);
    const refused = await scientist('experiments', 'pull', at('edited.yaml'), '--endpoint', endpoint);
    expect(refused).toEqual({
      code: 1,
      stdout: '',
      stderr: `scientist: ${at('edited.yaml')} holds text that matches none of the newest 20 stored versions; not overwritten. Upload it first (\`scientist experiments upload\`), or pass --force to keep it as ${at('edited.yaml')}.bak and pull\n`,
    });
    expect(readFileSync(at('edited.yaml'), 'utf8')).toBe(edited);

    const forced = await scientist(
      'experiments',
      'pull',
      at('edited.yaml'),
      '--endpoint',
      endpoint,
      '--force',
    );
    expect(forced).toEqual({
      code: 0,
      stdout: `kept the old ${at('edited.yaml')} as ${at('edited.yaml')}.bak\nwrote stored version 3 (upload) to ${at('edited.yaml')}\n`,
      stderr: '',
    });
    expect(readFileSync(at('edited.yaml.bak'), 'utf8')).toBe(edited);
    expect(timeless(readFileSync(at('edited.yaml'), 'utf8'))).toBe(
      `# stored version 3 (upload), pulled T\n${promotedByRollout}`,
    );
    // An old version's text with someone else's marker is still that version: replaced, no backup.
    writeFileSync(at('old.yaml'), `# stored version 1 (upload), pulled 2026-01-01T00:00Z\n${uploaded}`);
    const json = await scientist('experiments', 'pull', at('old.yaml'), '--endpoint', endpoint, '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ version: 3, backup: null });
  });
});
