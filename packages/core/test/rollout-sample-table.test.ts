import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { type GateStatus, type RolloutGates, readGates } from '../src/rollout.js';

/**
 * docs/reference/rollouts.md tells people how many samples a gate needs; these are the gates' own
 * answers, so the table cannot drift from what the evaluator does.
 */

function status(gates: RolloutGates, compared: number, bad: number): GateStatus {
  const evidence =
    gates.matchRate !== undefined
      ? { compared, matches: compared - bad, runs: compared, failures: 0 }
      : { compared, matches: compared, runs: compared, failures: bad };
  const [gate] = readGates(gates, { ...evidence, latencyVerdict: 'inconclusive' });
  return gate!.status;
}

/** The fewest samples with `bad` mismatches (or failures) at which the gate passes. */
function samplesToPass(gates: RolloutGates, bad: number): number {
  let n = bad + 1;
  while (status(gates, n, bad) !== 'pass') n += 1;
  return n;
}

/** The fewest mismatches (or failures) among `n` at which the gate fails. */
function badToFail(gates: RolloutGates, n: number): number {
  let bad = 0;
  while (status(gates, n, bad) !== 'fail') bad += 1;
  return bad;
}

function row(gates: RolloutGates): string {
  const [name, bound] = Object.entries(gates)[0]!;
  const cells = [
    `\`${name}: ${bound}\``,
    ...[0, 1, 5].map((bad) => String(samplesToPass(gates, bad))),
    ...[100, 500, 1000].map((n) => String(badToFail(gates, n))),
  ];
  return `| ${cells.join(' | ')} |`;
}

test("the rollouts reference's sample table is what the gates decide", () => {
  const doc = readFileSync(new URL('../../../docs/reference/rollouts.md', import.meta.url), 'utf8');
  const documented = doc.split('\n').filter((line) => /^\| `(matchRate|errorRate): /.test(line));
  expect(documented).toEqual(
    [
      { matchRate: 95 },
      { matchRate: 99 },
      { matchRate: 99.5 },
      { matchRate: 99.9 },
      { errorRate: 1 },
      { errorRate: 5 },
    ].map(row),
  );
  // The example the issue and the reference both give: 500 of 500 reaches 99 %.
  expect(
    readGates(
      { matchRate: 99 },
      { compared: 500, matches: 500, runs: 500, failures: 0, latencyVerdict: 'same' },
    )[0]!.detail,
  ).toBe('match rate 100.0% [99.2–100.0%] reaches 99%');
});
