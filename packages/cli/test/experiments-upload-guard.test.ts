import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LocalCloud } from '@serverless-scientist/local-cloud';
import type { DynamoDbStore } from '@serverless-scientist/scientist';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { uploadExperiments } from '../src/up-steps.js';
import { scientist } from './support/in-process-cli.js';
import { startTableCloud, type TableCloud } from './support/table-cloud.js';

const experiments = (control: string, candidate: string, extra = '') => `experiments:
  rounding-float:
    path: round
    comparators: [body, statuscode]
    control: {name: ${control}, arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:${control}"}
    candidates:
      candidate-1: {name: ${candidate}, arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:${candidate}"}
${extra}`;
const original = experiments('control-round', 'candidate-round-python3-math');
// What a rollout's promotion stores: the candidate is the control now, the old control shadows.
const promoted = experiments('candidate-round-python3-math', 'control-round');
const ROLLOUT_ORIGIN = 'rollout rounding-float: promoted candidate-1';

const minutes = (text: string) => text.replace(/\d{4}-\d\d-\d\dT\d\d:\d\dZ/g, 'T');

describe('experiments upload refuses a file that would undo what the scientist stored itself', () => {
  let dir: string;
  let local: TableCloud;
  let cloud: LocalCloud;
  let endpoint: string;
  let store: DynamoDbStore;
  let file: string;
  const upload = (...flags: string[]) =>
    scientist('experiments', 'upload', file, '--endpoint', endpoint, ...flags);
  const versions = async () =>
    (await store.definitionHistory()).map(({ version, origin }) => `${version} ${origin}`);

  beforeAll(async () => {
    local = await startTableCloud('scientist-upload-guard-');
    ({ dir, cloud, endpoint, store } = local);
    file = path.join(dir, 'experiments.yaml');
  });
  afterAll(async () => local?.stop());

  test('a file without a marker is based on the last upload: a later promotion by a rollout is refused, named', async () => {
    writeFileSync(file, original);
    expect((await upload()).stdout).toMatch(/as version 1 /);
    await store.publishDefinition(promoted, ROLLOUT_ORIGIN);

    const refused = await upload();
    expect({ ...refused, stderr: minutes(refused.stderr) }).toEqual({
      code: 1,
      stdout: '',
      stderr: [
        `${file} has no marker line, so it is taken to be the last version uploaded or promoted, 1; the scientist has stored since:`,
        `  version 2, T: ${ROLLOUT_ORIGIN}`,
        `uploading ${file} would undo:`,
        '  rounding-float: the control would change from candidate-round-python3-math to control-round',
        `scientist: ${file} is older than stored version 2; not uploaded. Run \`scientist experiments pull\` to bring the stored changes into the file, or pass --force to publish over them`,
        '',
      ].join('\n'),
    });
    expect(await versions()).toEqual([`2 ${ROLLOUT_ORIGIN}`, '1 upload']);

    const forced = await upload('--force');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/as version 3 /);
    expect(minutes(forced.stderr)).toBe(
      [
        `${file} has no marker line, so it is taken to be the last version uploaded or promoted, 1; the scientist has stored since:`,
        `  version 2, T: ${ROLLOUT_ORIGIN}`,
        `uploading ${file} would undo:`,
        '  rounding-float: the control would change from candidate-round-python3-math to control-round',
        'publishing over them (--force)',
        '',
      ].join('\n'),
    );
    expect(await versions()).toEqual(['3 upload', `2 ${ROLLOUT_ORIGIN}`, '1 upload']);
  });

  test('a pulled file is based on its marker: uploads after it pass, a promotion after it is refused', async () => {
    await store.publishDefinition(promoted, ROLLOUT_ORIGIN);
    expect((await scientist('experiments', 'pull', file, '--endpoint', endpoint)).stdout).toBe(
      `wrote stored version 4 (${ROLLOUT_ORIGIN}) to ${file}\n`,
    );
    expect(minutes(readFileSync(file, 'utf8')).split('\n')[0]).toBe(
      `# stored version 4 (${ROLLOUT_ORIGIN}), pulled T`,
    );
    // Edited after the pull, the marker still names version 4: nothing the scientist stored is missing.
    const candidate2 = '      candidate-2: {name: Round Go, arn: "candidate-round-go"}\n';
    writeFileSync(file, `${readFileSync(file, 'utf8')}${candidate2}`);
    const edited = await upload();
    expect(edited).toMatchObject({ code: 0, stderr: '' });
    expect(edited.stdout).toMatch(/as version 5 \(1 experiment, 2 candidates\)/);

    await store.publishDefinition(
      experiments('candidate-round-go', 'candidate-round-python3-math'),
      'rollout rounding-float: promoted candidate-2',
    );
    const refused = await upload();
    expect(refused.code).toBe(1);
    expect(minutes(refused.stderr)).toBe(
      [
        // The file as uploaded is version 5's text: that is the version it holds, beyond its marker's 4.
        `${file} holds stored version 5 (the same text); the scientist has stored since:`,
        '  version 6, T: rollout rounding-float: promoted candidate-2',
        `uploading ${file} would undo:`,
        '  rounding-float: the control would change from candidate-round-go to candidate-round-python3-math',
        `scientist: ${file} is older than stored version 6; not uploaded. Run \`scientist experiments pull\` to bring the stored changes into the file, or pass --force to publish over them`,
        '',
      ].join('\n'),
    );
  });

  test("a file with a stored version's text, or based on a promote, is not older", async () => {
    // The text of version 6 with no marker: it already holds what version 6 changed.
    writeFileSync(file, experiments('candidate-round-go', 'candidate-round-python3-math'));
    expect(await upload()).toMatchObject({ code: 0, stderr: '' });
    // The CLI's promote writes the file as well as the store, so a file is based on it.
    await store.publishDefinition(promoted, ROLLOUT_ORIGIN);
    await store.publishDefinition(original, 'promote rounding-float control-round');
    writeFileSync(file, original.replace('comparators: [body, statuscode]', 'comparators: [body]'));
    const after = await upload();
    expect(after).toMatchObject({ code: 0, stderr: '' });
    expect(after.stdout).toMatch(/as version 10 /);
  });

  test('the rollout plan and removed candidates are named among what would be lost', async () => {
    const plan =
      '    rollout: {candidate: candidate-1, steps: [10, 100], every: 5s, gates: {minSamples: 10, matchRate: 95}}\n';
    writeFileSync(file, experiments('control-round', 'candidate-round-python3-math', plan));
    expect((await upload()).code).toBe(0);
    const withTwo = `${experiments('control-round', 'candidate-round-python3-math', '      candidate-2: {name: Round Go, arn: candidate-round-go}\n')}${plan.replace('[10, 100]', '[10, 50, 100]')}`;
    await store.publishDefinition(withTwo, 'rollout rounding-float: rolled back');
    const refused = await upload();
    expect(refused.code).toBe(1);
    expect(minutes(refused.stderr).split('\n').slice(1, 5)).toEqual([
      '  version 12, T: rollout rounding-float: rolled back',
      `uploading ${file} would undo:`,
      '  rounding-float: candidate-2 (Round Go) would no longer run',
      '  rounding-float: its rollout plan would change (a changed plan restarts the rollout)',
    ]);
  });

  test('`scientist up` keeps a stored promotion its file lacks, and uploads the file otherwise', async () => {
    const root = path.join(dir, 'workspace');
    mkdirSync(path.join(root, 'packages', 'scientist'), { recursive: true });
    const kit = path.join(root, 'packages', 'scientist', 'experiments.yaml');
    writeFileSync(kit, original);
    const up = async () => {
      const lines: string[] = [];
      await uploadExperiments({
        root,
        cloud,
        // The table's service is named scientist, as the kit's is.
        services: cloud.services(),
        traffic: false,
        log: (line) => lines.push(line),
        signal: new AbortController().signal,
      });
      return lines.map(minutes);
    };
    await store.publishDefinition(promoted, ROLLOUT_ORIGIN);
    const kept = await up();
    expect(kept.at(-1)).toBe(
      `kept stored version 13 instead of uploading ${kit}: \`scientist experiments pull\` writes it to the file`,
    );
    expect(kept).toContain(`  version 13, T: ${ROLLOUT_ORIGIN}`);
    expect((await store.currentDefinition())?.version).toBe(13);

    expect((await scientist('experiments', 'pull', kit, '--endpoint', endpoint)).code).toBe(0);
    expect(await up()).toEqual([`uploaded ${kit} as version 14 (1 experiment, 1 candidate)`]);
  });
});
