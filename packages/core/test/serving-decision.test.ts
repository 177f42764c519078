import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseRequestKeySource, requestKeyOf } from '../src/request-facts.js';
import { chooseServer, type ServePlan } from '../src/serving-decision.js';

const facts = (
  headers: Record<string, string> = {},
  query: Record<string, string> = {},
  sourceIp = '10.0.0.1',
) => ({
  headers,
  query,
  sourceIp,
});

describe('the request key', () => {
  test('comes from a header, a cookie, a query parameter or the source address', () => {
    const request = facts({ 'x-user-id': 'u-7', cookie: 'theme=dark; session=s-1' }, { user: 'q-3' });
    const keys = ['header:X-User-Id', 'cookie:session', 'query:user', 'source-ip', 'header:absent'].map(
      (text) => {
        const source = parseRequestKeySource(text);
        return source && requestKeyOf(source, request);
      },
    );
    expect(keys).toEqual(['u-7', 's-1', 'q-3', '10.0.0.1', undefined]);
  });

  test('anything else is not a key source', () => {
    expect(['', 'header:', 'ip', 'body:x', 'cookie'].map(parseRequestKeySource)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('who serves a request', () => {
  const beta: ServePlan = {
    candidateId: 'candidate-1',
    when: [{ header: 'x-beta', equals: '1' }, { cookie: 'beta' }],
    percent: 0,
  };

  test('a targeting rule serves exactly the requests it matches', () => {
    const decide = (headers: Record<string, string>) =>
      chooseServer([beta], facts(headers), { salt: 's', key: 'k' });
    expect([
      decide({ 'x-beta': '1' }),
      decide({ cookie: 'a=1; beta=' }),
      decide({ 'x-beta': '0' }),
      decide({}),
    ]).toEqual([
      { candidateId: 'candidate-1', because: { rule: 0 } },
      { candidateId: 'candidate-1', because: { rule: 1 } },
      undefined,
      undefined,
    ]);
  });

  test('a 30% canary serves 30% ± 10 of 300 keys, each key the same side every time', () => {
    const canary: ServePlan = { candidateId: 'candidate-1', when: [], percent: 30 };
    const keys = Array.from({ length: 300 }, (_, index) => `user-${index}`);
    const served = keys.filter((key) => chooseServer([canary], facts(), { salt: 'rounding-float', key }));
    expect(served.length).toBeGreaterThanOrEqual(60);
    expect(served.length).toBeLessThanOrEqual(120);
    const again = keys.filter((key) => chooseServer([canary], facts(), { salt: 'rounding-float', key }));
    expect(again).toEqual(served);
  });

  test('raising the percentage only adds keys', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        (key, a, b) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          const at = (percent: number) =>
            chooseServer([{ candidateId: 'c', when: [], percent }], facts(), { salt: 's', key }) !==
            undefined;
          return !at(low) || at(high);
        },
      ),
    );
  });

  test('a request without a key is never in a canary; the first plan that serves wins', () => {
    const everyone: ServePlan = { candidateId: 'candidate-2', when: [], percent: 100 };
    expect(chooseServer([everyone], facts(), { salt: 's', key: undefined })).toBeUndefined();
    expect(
      chooseServer([beta, everyone], facts({ 'x-beta': '1' }), { salt: 's', key: 'k' })?.candidateId,
    ).toBe('candidate-1');
    expect(chooseServer([beta, everyone], facts(), { salt: 's', key: 'k' })?.candidateId).toBe('candidate-2');
  });
});
