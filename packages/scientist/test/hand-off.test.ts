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

  test('reads tasks written before the version field, and refuses what it cannot read, saying why', () => {
    const old = { kind: 'skipped', requestId: 'r', receivedAt: 1, experiment: 'e', reason: 'too large' };
    expect(readRunnerTask(old)).toEqual(old);
    const refusals = [
      null,
      [],
      { kind: 'shadow', version: 2 },
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
      'HandOffError: the runner task has version 2; this runner reads version 1',
      'HandOffError: the runner task kind "replay" is not shadow, skipped or store-retry',
      'HandOffError: the shadow runner task has no object experiment',
    ]);
  });
});
