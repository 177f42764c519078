import { expect, test } from 'vitest';
import { fizzbuzzSpec } from '../06-fizzbuzz/check.js';
import { type Challenge, type CheckTarget, formatCheckReport, runCheck } from '../src/index.js';

// The steps below use nothing of the target: the runner's own behaviour is under test.
const nowhere = {} as CheckTarget;

const challenge: Challenge = {
  number: 9,
  slug: '09-example',
  title: 'An example',
  steps: [
    { id: 'first', name: 'first', run: async () => ({ passed: true, detail: 'fine' }) },
    { id: 'second', name: 'second', run: async () => ({ passed: false, detail: 'not yet', hint: 'do it' }) },
    {
      id: 'third',
      name: 'third',
      after: ['second'],
      run: async () => ({ passed: true, detail: 'never run' }),
    },
    { id: 'fourth', name: 'fourth', run: async () => ({ passed: null, detail: 'cannot tell here' }) },
    {
      id: 'fifth',
      name: 'fifth',
      run: async () => {
        throw new Error('the cloud went away');
      },
    },
  ],
};

test('a check reports every step; one that needs a failed step is not run; a throw is a failure', async () => {
  const progress: string[] = [];
  const report = await runCheck(challenge, nowhere, (line) => progress.push(line));
  expect(report).toEqual({
    challenge: 9,
    passed: false,
    steps: [
      { id: 'first', name: 'first', passed: true, detail: 'fine', hint: null },
      { id: 'second', name: 'second', passed: false, detail: 'not yet', hint: 'do it' },
      {
        id: 'third',
        name: 'third',
        passed: false,
        detail: "not checked: needs 'second' first",
        hint: "see 'second' above",
      },
      { id: 'fourth', name: 'fourth', passed: null, detail: 'cannot tell here', hint: null },
      {
        id: 'fifth',
        name: 'fifth',
        passed: false,
        detail: 'the cloud went away',
        hint: 'run the check again with --verbose to see the cause',
      },
    ],
  });
  expect(progress).toEqual(['checking: first', 'checking: second', 'checking: fourth', 'checking: fifth']);
  expect(formatCheckReport(challenge, report)).toBe(
    [
      'Challenge 9: An example',
      '✔ first: fine',
      '✘ second: not yet',
      '    → do it',
      "✘ third: not checked: needs 'second' first",
      "    → see 'second' above",
      '? fourth: cannot tell here',
      '✘ fifth: the cloud went away',
      '    → run the check again with --verbose to see the cause',
      'challenge 9 not done yet (1 step cannot be verified here)',
      '',
    ].join('\n'),
  );
});

test("check 6's oracle follows the seed's fizzbuzz rules", () => {
  expect(fizzbuzzSpec(1, 15)).toBe(
    '1\n2\nFizz\n4\nBuzz\nFizz\n7\n8\nFizz\nBuzz\n11\nFizz\n13\n14\nFizz Buzz',
  );
  expect(fizzbuzzSpec(15, 15)).toBe('Fizz Buzz');
  expect(fizzbuzzSpec(10, 5)).toBe('');
});
