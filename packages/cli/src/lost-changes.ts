import type { Experiment } from '@serverless-scientist/core';

const variantText = (variant: { name: string; functionName: string }) =>
  variant.name === variant.functionName ? variant.name : `${variant.name} (${variant.functionName})`;

/**
 * What publishing `file` over `stored` would undo, one line per experiment in the words a person
 * checks first: the control, the candidates, the rollout plan. Experiments only the file has are
 * the person's additions, not losses.
 */
export function lostChanges(file: readonly Experiment[], stored: readonly Experiment[]): readonly string[] {
  const lines: string[] = [];
  for (const before of stored) {
    const after = file.find((experiment) => experiment.id === before.id);
    if (!after) {
      lines.push(`${before.id}: the experiment would be removed`);
      continue;
    }
    if (
      after.control.functionName !== before.control.functionName ||
      after.control.name !== before.control.name
    ) {
      lines.push(
        `${before.id}: the control would change from ${variantText(before.control)} to ${variantText(after.control)}`,
      );
    }
    const removed = before.candidates.filter(
      (candidate) => !after.candidates.some((kept) => kept.id === candidate.id),
    );
    if (removed.length > 0) {
      lines.push(
        `${before.id}: ${removed.map((candidate) => (candidate.id === candidate.name ? candidate.id : `${candidate.id} (${candidate.name})`)).join(', ')} would no longer run`,
      );
    }
    if (JSON.stringify(after.rollout ?? null) !== JSON.stringify(before.rollout ?? null)) {
      lines.push(
        !before.rollout
          ? `${before.id}: a rollout plan would come back (a promotion ends its plan; this one would start from pending)`
          : !after.rollout
            ? `${before.id}: its rollout plan would be removed (a running rollout is then aborted)`
            : `${before.id}: its rollout plan would change (a changed plan restarts the rollout)`,
      );
    }
  }
  return Object.freeze(lines);
}
