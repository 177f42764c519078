import {
  CandidateError,
  candidateLanguages,
  DEFAULT_EXPERIMENTS_FILE,
  forkCandidate,
  memorySizeProblem,
  nextSteps,
} from '@serverless-scientist/nx-serverless/candidate';
import { Command, InvalidArgumentError, Option } from 'commander';
import { CliError } from '../cli-error.js';
import { workspaceRoot } from '../local-cloud-client.js';

// The fork itself is the candidate generator's (`nx g @serverless-scientist/nx-serverless:candidate`):
// one way to make a candidate, whether from this command or from Nx.
export { alignTable, candidateLanguages, forkCandidate } from '@serverless-scientist/nx-serverless/candidate';

type CandidateLanguage = (typeof candidateLanguages)[number];

function memorySize(value: string): number {
  const megabytes = Number(value);
  const problem = memorySizeProblem(megabytes);
  if (problem) throw new InvalidArgumentError(problem);
  return megabytes;
}

export function newCandidateCommand(): Command {
  const candidate = new Command('candidate')
    .description('fork a candidate of a function in your language, registered in its experiment')
    .argument('<function>', 'round, sort, fizzbuzz or pbkdf2 (a folder under functions/)')
    .addOption(
      new Option('--lang <language>', 'the language to write it in')
        .choices(candidateLanguages)
        .makeOptionMandatory(),
    )
    .option(
      '--name <name>',
      'the name after candidate-<function>- (default: the language, numbered if taken)',
    )
    .option('--experiments <file>', 'the experiments file', DEFAULT_EXPERIMENTS_FILE)
    .option(
      '--memory <MB>',
      'another memory size: forks the control (in that language) with only its memorySize changed',
      memorySize,
    )
    .action(
      (
        functionName: string,
        options: { lang: CandidateLanguage; name?: string; experiments: string; memory?: number },
      ) => {
        try {
          const forked = forkCandidate(workspaceRoot(), {
            function: functionName,
            language: options.lang,
            ...(options.name === undefined ? {} : { name: options.name }),
            experimentsFile: options.experiments,
            ...(options.memory === undefined ? {} : { memory: options.memory }),
          });
          process.stdout.write(`${nextSteps(forked, functionName, options.experiments).join('\n')}\n`);
        } catch (error) {
          if (error instanceof CandidateError) throw new CliError(error.message, 1, { cause: error });
          throw error;
        }
      },
    );
  return new Command('new')
    .description('create something new from a template: `new candidate`')
    .addCommand(candidate);
}
