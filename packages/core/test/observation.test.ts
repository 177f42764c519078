import { describe, expect, it } from 'vitest';
import { createObservation, durationRatio, InvalidValueError, parseReportLine } from '../src/index.js';

const REPORT =
  'REPORT RequestId: 8f5b3c1e-1111-2222-3333-444455556666\tDuration: 1.23 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\tInit Duration: 150.10 ms\t';

describe('parseReportLine', () => {
  it('reads every figure, Init Duration on a cold start', () => {
    const tail = `START RequestId: 8f5b Version: $LATEST\nhello\nEND RequestId: 8f5b\n${REPORT}\n`;
    expect(parseReportLine(tail)).toEqual({
      requestId: '8f5b3c1e-1111-2222-3333-444455556666',
      durationMs: 1.23,
      billedDurationMs: 2,
      memorySizeMb: 128,
      maxMemoryUsedMb: 70,
      initDurationMs: 150.1,
    });
  });

  it('leaves Init Duration out on a warm start', () => {
    const warm =
      'REPORT RequestId: x Duration: 0.31 ms Billed Duration: 1 ms Memory Size: 1769 MB Max Memory Used: 64 MB';
    expect(parseReportLine(warm)).toEqual({
      requestId: 'x',
      durationMs: 0.31,
      billedDurationMs: 1,
      memorySizeMb: 1769,
      maxMemoryUsedMb: 64,
    });
  });

  it('reads the status, error type and note of a failed invocation', () => {
    const failed =
      'REPORT RequestId: y\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\tStatus: timeout\tError Type: Sandbox.Timedout\tNote: CPU not throttled (no CPU quota on this machine)\t';
    expect(parseReportLine(failed)).toEqual({
      requestId: 'y',
      durationMs: 3000,
      billedDurationMs: 3000,
      memorySizeMb: 128,
      maxMemoryUsedMb: 40,
      status: 'timeout',
      errorType: 'Sandbox.Timedout',
      note: 'CPU not throttled (no CPU quota on this machine)',
    });
  });

  it("reads the local cloud's figures the same whether fields are separated by tabs or spaces", () => {
    const fields = [
      'REPORT RequestId: z',
      'Duration: 12.50 ms',
      'Billed Duration: 13 ms',
      'Memory Size: 512 MB',
      'Max Memory Used: 81 MB',
      'CPU Time: 3.20 ms',
      'Throttled Time: 0.00 ms',
      'CPU Wait: 1.10 ms',
      'Extensions Duration: 2.40 ms',
      'Note: nodejs24.x runs on Node 20.20.2 here',
    ];
    const expected = {
      requestId: 'z',
      durationMs: 12.5,
      billedDurationMs: 13,
      memorySizeMb: 512,
      maxMemoryUsedMb: 81,
      cpuTimeMs: 3.2,
      throttledMs: 0,
      cpuWaitMs: 1.1,
      extensionsDurationMs: 2.4,
      note: 'nodejs24.x runs on Node 20.20.2 here',
    };
    expect(parseReportLine(`START x\r\n${fields.join('\t')}\t\r\n`)).toEqual(expected);
    expect(parseReportLine(fields.join(' '))).toEqual(expected);
  });

  it('returns undefined for a tail with no complete REPORT line', () => {
    expect(parseReportLine('END RequestId: x\n')).toBeUndefined();
    expect(parseReportLine('REPORT RequestId: x Duration: 1 ms')).toBeUndefined();
  });
});

describe('createObservation', () => {
  it('lower-cases header names, hashes the body and takes durations from the report', () => {
    const observation = createObservation({
      variantId: 'candidate-1',
      statusCode: 200,
      headers: { 'Content-Type': 'application/json', 'X-Many': ['a', 'b'] },
      body: '{"value":63}',
      durations: { clientMs: 4.5 },
      report: parseReportLine(REPORT),
    });
    expect(observation).toEqual({
      variantId: 'candidate-1',
      statusCode: 200,
      headers: { 'content-type': 'application/json', 'x-many': 'a, b' },
      body: '{"value":63}',
      isBase64Encoded: false,
      bodyHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      durations: {
        clientMs: 4.5,
        functionMs: 1.23,
        billedMs: 2,
        memorySizeMb: 128,
        maxMemoryUsedMb: 70,
        initMs: 150.1,
      },
      errored: false,
      timedOut: false,
      throttled: false,
      skipped: false,
      coldStart: true,
      unthrottled: false,
    });
    expect(observation.bodyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.isFrozen(observation) && Object.isFrozen(observation.headers)).toBe(true);
  });

  it('hashes the decoded bytes, so a base64 body and its text agree', () => {
    const text = createObservation({ variantId: 'a', statusCode: 200, body: 'hello' });
    const base64 = createObservation({
      variantId: 'b',
      statusCode: 200,
      body: 'aGVsbG8=',
      isBase64Encoded: true,
    });
    expect(base64.bodyHash).toBe(text.bodyHash);
    expect(text.bodyHash).toBe('2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
  });

  it('keeps an error as data with predicates that read as questions', () => {
    const timeout = createObservation({
      variantId: 'c',
      error: { kind: 'timeout', message: 'no answer in 5000 ms' },
    });
    expect([timeout.errored, timeout.timedOut, timeout.skipped, timeout.coldStart]).toEqual([
      true,
      true,
      false,
      false,
    ]);
    const skipped = createObservation({
      variantId: 'c',
      error: { kind: 'skipped', message: 'request over 1 MB' },
    });
    expect([skipped.errored, skipped.skipped]).toEqual([false, true]);
  });

  it('refuses values that cannot describe a response', () => {
    expect(() => createObservation({ variantId: 'x', statusCode: 42 })).toThrow(InvalidValueError);
    expect(() => createObservation({ variantId: 'x' })).toThrow('needs a status code or an error');
    expect(() => createObservation({ variantId: 'x', statusCode: 200, durations: { clientMs: -1 } })).toThrow(
      'clientMs -1 is not a duration',
    );
  });
});

describe('durationRatio', () => {
  it('prefers function-side durations and falls back to client-side ones', () => {
    const control = createObservation({
      variantId: 'control',
      statusCode: 200,
      durations: { functionMs: 10, clientMs: 20 },
    });
    const fast = createObservation({
      variantId: 'c',
      statusCode: 200,
      durations: { functionMs: 5, clientMs: 15 },
    });
    const clientOnly = createObservation({ variantId: 'c', statusCode: 200, durations: { clientMs: 30 } });
    expect(durationRatio(control, fast)).toBe(0.5);
    expect(durationRatio(control, clientOnly)).toBe(1.5);
  });
});
