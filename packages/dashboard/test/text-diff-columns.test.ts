import { describe, expect, test } from 'vitest';
import { textDiffColumns } from '../src/text-diff-columns.js';

describe('a text body diff, side by side', () => {
  test('pairs removed and added runs, keeps context on both sides, numbers lines from the hunks', () => {
    const diff = [
      'statuscode: control 200, candidate 200',
      'body (--- control, +++ candidate):',
      '  @@ -1,4 +1,4 @@',
      '   [1, 2, 3]',
      '  -[4, 5]',
      '  -[6]',
      '  +[4,5]',
      '   - a context line that starts with a dash',
      '  @@ -10,2 +10,3 @@',
      '   x',
      '  +y',
    ].join('\n');
    const { other, rows } = textDiffColumns(diff);
    expect(other).toEqual(['statuscode: control 200, candidate 200']);
    expect(rows).toEqual([
      { kind: 'hunk', text: '@@ -1,4 +1,4 @@' },
      {
        kind: 'lines',
        left: { line: 1, text: '[1, 2, 3]', changed: false },
        right: { line: 1, text: '[1, 2, 3]', changed: false },
      },
      {
        kind: 'lines',
        left: { line: 2, text: '[4, 5]', changed: true },
        right: { line: 2, text: '[4,5]', changed: true },
      },
      { kind: 'lines', left: { line: 3, text: '[6]', changed: true } },
      {
        kind: 'lines',
        left: { line: 4, text: '- a context line that starts with a dash', changed: false },
        right: { line: 3, text: '- a context line that starts with a dash', changed: false },
      },
      { kind: 'hunk', text: '@@ -10,2 +10,3 @@' },
      {
        kind: 'lines',
        left: { line: 10, text: 'x', changed: false },
        right: { line: 10, text: 'x', changed: false },
      },
      { kind: 'lines', right: { line: 11, text: 'y', changed: true } },
    ]);
  });

  test('a diff without a text body is left as its lines', () => {
    expect(textDiffColumns('body /n: control "1", candidate 1')).toEqual({
      other: ['body /n: control "1", candidate 1'],
      rows: null,
    });
  });
});
