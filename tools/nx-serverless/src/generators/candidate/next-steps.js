// @ts-check

/**
 * What a fork did and what to do next, as lines for the terminal.
 * @param {import('./index.js').ForkedCandidate} forked
 * @param {string} functionName @param {string} experimentsFile as the user named it
 * @returns {string[]}
 */
export function nextSteps(forked, functionName, experimentsFile) {
  return [
    `created ${forked.dir} (service ${forked.service}), forked from ${forked.source}`,
    forked.experiment
      ? `registered as '${forked.experiment.candidate}' in experiment '${forked.experiment.id}' (${experimentsFile}); run \`scientist experiments upload\` to publish`
      : `not registered: no experiment in ${experimentsFile} has path '${functionName}'`,
    `next: edit it, then \`npx scientist deploy ${forked.dir}\``,
  ];
}
