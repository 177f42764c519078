import { describe, expect, it } from 'vitest';
import { compare, createObservation, mismatchKeys } from '../src/index.js';

const response = (variantId: string, body: string, contentType = 'application/json', statusCode = 200) =>
  createObservation({ variantId, statusCode, headers: { 'content-type': contentType }, body });
const settings = {
  body: { json: true, ignorePaths: [], tolerance: 0, unorderedArrays: false },
  statusCode: true,
  headers: ['content-type'],
};

describe('mismatchKeys', () => {
  it('groups by comparator and JSON path, list indices folded', () => {
    const control = response('control', '{"items":[{"price":1},{"price":2}],"total":3}');
    const candidate = response(
      'candidate',
      '{"items":[{"price":1.5},{"price":2.5}],"total":3}',
      'text/plain',
      500,
    );
    const result = compare(settings, control, candidate);
    expect(mismatchKeys(result.mismatches)).toEqual([
      'body /items/*/price',
      'statuscode',
      'header content-type',
    ]);
  });

  it('keys a whole-document difference as the root', () => {
    const result = compare(settings, response('control', '63'), response('candidate', '62'));
    expect(mismatchKeys(result.mismatches)).toEqual(['body /']);
  });
});
