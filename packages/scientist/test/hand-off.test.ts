import { describe, expect, test } from 'vitest';
import {
  HAND_OFF_VERSION,
  readRunnerTask,
  runnerTaskPayload,
  type ShadowTask,
  shadowTaskPayload,
} from '../src/hand-off.js';
import { experimentsOf, experimentsYaml } from './support/experiments.js';
import { restEvent } from './support/gateway-events.js';

const [experiment] = experimentsOf(experimentsYaml({ agrees: 'candidate-agrees' }));

describe('the proxy → runner hand-off', () => {
  test('reads back every task kind exactly as written, with its version', () => {
    const shadow: ShadowTask = {
      kind: 'shadow',
      requestId: 'r-ü-1',
      receivedAt: 1_764_000_000_000,
      experiment: experiment!,
      candidates: ['agrees'],
      noise: true,
      event: restEvent('POST', 'round', { number: '62.5' }),
      control: {
        kind: 'returned',
        payload: '{"statusCode":200,"body":"63 €"}',
        functionError: 'Unhandled',
        logTail: 'REPORT',
        clientMs: 4.5,
      },
    };
    const { kind: _kind, event, experiment: _experiment, ...head } = shadow;
    const payload = shadowTaskPayload(head, {
      experiment: JSON.stringify(experiment),
      event: JSON.stringify(event),
    });
    expect(readRunnerTask(JSON.parse(payload))).toEqual({ ...shadow, version: HAND_OFF_VERSION });

    const failed: ShadowTask = {
      ...shadow,
      noise: undefined,
      control: { kind: 'failed', failure: 'timeout', message: 'no answer', clientMs: 1000 },
    };
    const { kind: _k, event: e, experiment: _x, noise: _n, ...failedHead } = failed;
    const withoutNoise = JSON.parse(
      shadowTaskPayload(failedHead, { experiment: JSON.stringify(experiment), event: JSON.stringify(e) }),
    );
    expect(withoutNoise).not.toHaveProperty('noise');
    expect(readRunnerTask(withoutNoise)).toMatchObject({ control: failed.control });

    const skipped = {
      kind: 'skipped',
      requestId: 'r2',
      receivedAt: 1,
      experiment: 'rounding-float',
      reason: 'too large',
    } as const;
    expect(readRunnerTask(JSON.parse(runnerTaskPayload(skipped)))).toEqual({
      ...skipped,
      version: HAND_OFF_VERSION,
    });

    const retry = {
      kind: 'store-retry',
      attempt: 2,
      since: 5,
      pending: {
        items: [],
        increments: [
          {
            experiment: 'e',
            minute: '2026-11-23T06:01',
            values: [['_control|samples', 1]] as [string, number][],
          },
        ],
      },
    } as const;
    expect(readRunnerTask(JSON.parse(runnerTaskPayload(retry)))).toEqual({
      ...retry,
      version: HAND_OFF_VERSION,
    });
  });

  test('carries the served answer, with or without the control beside it', () => {
    const event = restEvent('GET', 'round', { number: '1.5' });
    const json = { experiment: JSON.stringify(experiment), event: JSON.stringify(event) };
    const served = {
      candidate: 'agrees',
      fellBack: false,
      answer: { kind: 'returned', payload: '{"statusCode":200,"body":"2"}', clientMs: 3 },
    } as const;
    const byCandidate = JSON.parse(
      shadowTaskPayload({ requestId: 'r', receivedAt: 1, candidates: [], served }, json),
    );
    expect(byCandidate).not.toHaveProperty('control');
    expect(readRunnerTask(byCandidate)).toEqual({
      kind: 'shadow',
      version: HAND_OFF_VERSION,
      requestId: 'r',
      receivedAt: 1,
      candidates: [],
      served,
      experiment,
      event,
    });
    const fellBack = {
      candidate: 'agrees',
      fellBack: true,
      answer: { kind: 'failed', failure: 'timeout', message: 'no answer within 2000 ms', clientMs: 2000 },
    } as const;
    const control = { kind: 'returned', payload: '{"statusCode":200,"body":"2"}', clientMs: 4 } as const;
    expect(
      readRunnerTask(
        JSON.parse(
          shadowTaskPayload(
            { requestId: 'r', receivedAt: 1, candidates: ['agrees'], served: fellBack, control },
            json,
          ),
        ),
      ),
    ).toMatchObject({ served: fellBack, control });
    // A fallback always carries the control's answer: the client got it.
    expect(() => readRunnerTask({ ...byCandidate, served: fellBack })).toThrowErrorMatchingInlineSnapshot(
      `[HandOffError: the shadow runner task has no object control]`,
    );
  });

  test('reads tasks of version 1 and those written before the version field, and refuses what it cannot read, saying why', () => {
    const old = { kind: 'skipped', requestId: 'r', receivedAt: 1, experiment: 'e', reason: 'too large' };
    expect(readRunnerTask(old)).toEqual(old);
    const versionOne = {
      kind: 'shadow',
      version: 1,
      requestId: 'r',
      receivedAt: 1,
      experiment,
      candidates: ['agrees'],
      event: restEvent('GET', 'round', {}),
      control: { kind: 'returned', payload: '{}', clientMs: 1 },
    };
    expect(readRunnerTask(versionOne)).toEqual(versionOne);
    const refusals = [
      null,
      [],
      { kind: 'shadow', version: 3 },
      { kind: 'replay' },
      { kind: 'shadow', requestId: 'r', receivedAt: 1 },
    ].map((value) => {
      try {
        readRunnerTask(value);
        return 'read';
      } catch (error) {
        return `${(error as Error).name}: ${(error as Error).message}`;
      }
    });
    expect(refusals).toEqual([
      'HandOffError: the runner task is not a JSON object',
      'HandOffError: the runner task is not a JSON object',
      'HandOffError: the runner task has version 3; this runner reads versions 1 and 2',
      'HandOffError: the runner task kind "replay" is not shadow, skipped or store-retry',
      'HandOffError: the shadow runner task has no object experiment',
    ]);
  });
});
