import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type CandidateOutcomeKind, createObservation } from '@serverless-scientist/core';
import {
  type DynamoDbStore,
  deployerPlaceholderEnv,
  ResultRecorder,
  RolloutService,
} from '@serverless-scientist/scientist';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { scientist } from './support/in-process-cli.js';
import { startTableCloud, type TableCloud } from './support/table-cloud.js';

const file = (plan: string) => `experiments:
  rounding-float:
    path: round
    key: header:x-user-id
    control: { name: Round Node, arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:control-round" }
    candidates:
      candidate-1: { name: Round Python3-math, arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:candidate-round-python3-math" }
${plan}  sort:
    path: sort
    control: { name: Sort Node, arn: control-sort }
    candidates:
      candidate-go: { name: Sort Go, arn: candidate-sort-go }
`;
const plan =
  '    rollout: { candidate: candidate-1, steps: [50, 100], every: 400ms, gates: { minSamples: 5, matchRate: 50, errorRate: 20 }, keepOldControl: 1m }\n';

/** Times vary from run to run; the rest of the output must not. */
const timeless = (text: string) =>
  text
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, 'T')
    .replace(/pulled \d{4}-\d\d-\d\dT\d\d:\d\dZ/g, 'pulled T');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('scientist rollout', () => {
  let dir: string;
  let local: TableCloud;
  let endpoint: string;
  let store: DynamoDbStore;
  let experimentsFile: string;
  const rollout = (...args: string[]) => scientist('rollout', ...args, '--endpoint', endpoint);
  let id = 0;

  /** What the runner stores for `count` requests whose candidate answered as `outcome` says. */
  async function requests(count: number, outcome: CandidateOutcomeKind) {
    const recorder = new ResultRecorder({ sink: store });
    for (let i = 0; i < count; i++) {
      const durations = { clientMs: 4, functionMs: 2 };
      recorder.record({
        experiment: 'rounding-float',
        requestId: `r${++id}`,
        at: Date.now(),
        request: { method: 'GET', path: '/round', query: 'number=2.5', headers: {} },
        control: createObservation({ variantId: 'control', statusCode: 200, body: '3', durations }),
        candidates: [
          {
            observation: createObservation({
              variantId: 'candidate-1',
              statusCode: 200,
              body: outcome === 'mismatch' ? '2' : '3',
              durations,
            }),
            outcome,
          },
        ],
        curl: '',
        bodies: 'none',
        redactHeaders: [],
      });
    }
    await recorder.flush();
  }

  beforeAll(async () => {
    local = await startTableCloud('scientist-rollout-');
    ({ dir, endpoint, store } = local);
    experimentsFile = path.join(dir, 'experiments.yaml');
  });
  afterAll(async () => local?.stop());

  test('says what is missing before anything is stored, and for an experiment without a plan', async () => {
    expect(await rollout('rounding-float', 'status')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'scientist: no experiment definitions are stored yet; upload experiments.yaml first\n',
    });
    writeFileSync(experimentsFile, file(plan));
    expect((await scientist('experiments', 'upload', experimentsFile, '--endpoint', endpoint)).code).toBe(0);
    expect((await rollout('sort', 'start')).stderr).toBe(
      "scientist: experiment 'sort' has no rollout plan in stored version 1; add a rollout section to experiments.yaml and upload it (docs/reference/rollouts.md)\n",
    );
    expect((await rollout('nope', 'status')).stderr).toBe(
      "scientist: no experiment 'nope' in stored version 1\n",
    );
    const unknown = await rollout('rounding-float', 'go');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe(
      "scientist: unknown action 'go'; one of start, status, pause, resume, abort\n",
    );
  });

  test('status --json prints the contract document; start serves the first step', async () => {
    const pending = await rollout('rounding-float', 'status', '--json');
    expect(pending.code).toBe(0);
    expect(JSON.parse(pending.stdout)).toMatchObject({
      experiment: 'rounding-float',
      candidate: 'candidate-1',
      state: 'pending',
      step: 0,
      percent: 0,
      gates: [
        { name: 'minSamples', status: 'wait', value: 0, bound: 5 },
        { name: 'matchRate', status: 'wait', value: null, bound: 50 },
        { name: 'errorRate', status: 'wait', value: null, bound: 20 },
      ],
      history: [],
    });

    const started = await rollout('rounding-float', 'start');
    expect({ ...started, stdout: timeless(started.stdout) }).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'rounding-float: rollout of candidate-1, running, step 1 of 2, serving 50%',
        '  plan: 50% → 100%, every 400ms, on failure rollback, old control shadows 1m after promotion',
        '  gates, since T:',
        '    wait  minSamples  0 (bound 5)   0 samples (5 needed)',
        '    wait  matchRate   — (bound 50)  no comparisons yet',
        '    wait  errorRate   — (bound 20)  no runs yet',
        '  evidence this step: 0 requests, 0 compared, 0 matched, 0 of 0 runs failed, latency inconclusive',
        '  history:',
        '    T  0% → 50%  running  started: step 1 serves 50%',
        '',
      ].join('\n'),
    });
    expect(await rollout('rounding-float', 'start')).toMatchObject({
      code: 1,
      stderr: 'scientist: cannot start a rollout that is running (rounding-float)\n',
    });
  });

  test('status shows the step evidence and the walk to promotion; pull then writes the promotion', async () => {
    await requests(8, 'match');
    const reading = JSON.parse((await rollout('rounding-float', 'status', '--json')).stdout);
    expect(reading.gates.map((gate: { status: string }) => gate.status)).toEqual(['pass', 'pass', 'wait']);
    expect(reading.evidence).toMatchObject({ compared: 8, matches: 8, runs: 8, failures: 0 });

    // The evaluation is the runner's and the schedule's; here the scientist's own service runs it.
    const evaluator = new RolloutService({ store, env: deployerPlaceholderEnv() });
    await sleep(450);
    await requests(20, 'match');
    expect(await evaluator.evaluate('rounding-float')).toMatchObject({ step: 2, percent: 100 });
    // 16 runs without a failure are the fewest whose interval is surely under 20%.
    await requests(16, 'match');
    await sleep(450);
    expect(await evaluator.evaluate('rounding-float')).toMatchObject({ state: 'promoted' });

    const promoted = await rollout('rounding-float', 'status');
    const lines = timeless(promoted.stdout).split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'rounding-float: rollout of candidate-1, promoted, step 2 of 2, serving 100%',
      '  plan: 50% → 100%, every 400ms, on failure rollback, old control shadows 1m after promotion',
      '  promoted in stored version 2',
      '  the old control shadows as control-round until T',
    ]);
    expect(lines.slice(-4)).toEqual([
      '    T  0% → 50%     running   started: step 1 serves 50%',
      '    T  50% → 100%   running   step 2: 28 samples (5 needed); match rate 100.0% [87.9–100.0%] reaches 50%; error rate 0.0% [0.0–12.1%] under 20%',
      '    T  100% → 100%  promoted  promoted: 16 samples (5 needed); match rate 100.0% [80.6–100.0%] reaches 50%; error rate 0.0% [0.0–19.4%] under 20%',
      '',
    ]);

    // The promotion is in the store, not in the file: upload refuses the file, pull brings it.
    const refused = await scientist('experiments', 'upload', experimentsFile, '--endpoint', endpoint);
    expect(refused.code).toBe(1);
    expect(timeless(refused.stderr.replace(/\d{4}-\d\d-\d\dT\d\d:\d\dZ/g, 'T'))).toBe(
      [
        `${experimentsFile} has no marker line, so it is taken to be the last version uploaded or promoted, 1; the scientist has stored since:`,
        '  version 2, T: rollout rounding-float: promoted candidate-1',
        `uploading ${experimentsFile} would undo:`,
        '  rounding-float: the control would change from Round Python3-math (candidate-round-python3-math) to Round Node (control-round)',
        '  rounding-float: control-round (Round Node) would no longer run',
        '  rounding-float: a rollout plan would come back (a promotion ends its plan; this one would start from pending)',
        `scientist: ${experimentsFile} is older than stored version 2; not uploaded. Run \`scientist experiments pull\` to bring the stored changes into the file, or pass --force to publish over them`,
        '',
      ].join('\n'),
    );
    expect((await scientist('experiments', 'pull', experimentsFile, '--endpoint', endpoint)).code).toBe(0);
    // The promoted candidate's rollout plan is gone with its promotion; the old control is a candidate.
    expect(
      timeless(readFileSync(experimentsFile, 'utf8')),
    ).toBe(`# stored version 2 (rollout rounding-float: promoted candidate-1), pulled T
experiments:
  rounding-float:
    path: round
    key: header:x-user-id
    control:
      {
        name: Round Python3-math,
        arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:candidate-round-python3-math"
      }
    candidates:
      control-round: { name: Round Node, arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:control-round" }
  sort:
    path: sort
    control: { name: Sort Node, arn: control-sort }
    candidates:
      candidate-go: { name: Sort Go, arn: candidate-sort-go }
`);
  });

  test('pause, resume and abort, each refused where it does not apply', async () => {
    // The promoted file with a new plan, for the old control now a candidate: a new rollout.
    const source = readFileSync(experimentsFile, 'utf8').replace(
      '  sort:\n',
      `${plan.replace('candidate-1', 'control-round')}  sort:\n`,
    );
    writeFileSync(experimentsFile, source);
    expect((await scientist('experiments', 'upload', experimentsFile, '--endpoint', endpoint)).code).toBe(0);
    const restarted = JSON.parse((await rollout('rounding-float', 'status', '--json')).stdout);
    expect(restarted).toMatchObject({ candidate: 'control-round', state: 'pending', step: 0 });
    expect(restarted.history.at(-1).reason).toBe(
      "stored version 3 changes the rollout's plan: it starts again from pending",
    );
    expect((await rollout('rounding-float', 'resume')).stderr).toBe(
      'scientist: cannot resume a rollout that is pending (rounding-float)\n',
    );
    const states = [];
    for (const action of ['start', 'pause', 'resume', 'abort']) {
      const { code, stdout } = await rollout('rounding-float', action, '--json');
      expect(code).toBe(0);
      const status = JSON.parse(stdout);
      states.push([status.state, status.percent, status.history.at(-1).reason]);
    }
    expect(states).toEqual([
      ['running', 50, 'started: step 1 serves 50%'],
      ['paused', 50, 'paused by hand'],
      ['running', 50, 'resumed by hand'],
      ['aborted', 0, 'aborted by hand: the control serves everyone'],
    ]);
    const aborted = await rollout('rounding-float', 'status');
    expect(timeless(aborted.stdout).split('\n').slice(0, 2)).toEqual([
      'rounding-float: rollout of control-round, aborted, step 1 of 2, serving 0%',
      '  plan: 50% → 100%, every 400ms, on failure rollback, old control shadows 1m after promotion',
    ]);
    expect((await rollout('rounding-float', 'pause')).stderr).toBe(
      'scientist: cannot pause a rollout that is aborted (rounding-float)\n',
    );
  });
});
