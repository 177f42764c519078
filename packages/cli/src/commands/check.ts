import { challenges, formatCheckReport, runCheck } from '@serverless-scientist/challenges';
import { Command, InvalidArgumentError, Option } from 'commander';
import { awsCheckTarget, localCheckTarget } from '../check-targets.js';
import { CliError } from '../cli-error.js';
import { workspaceRoot } from '../local-cloud-client.js';

function challengeNumber(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > challenges.length) {
    throw new InvalidArgumentError(`a challenge from 1 to ${challenges.length}`);
  }
  return number;
}

export function checkCommand(): Command {
  return new Command('check')
    .description('verify a tutorial challenge: a ✔/✘ line per step, with what to do next for each ✘')
    .argument('<challenge>', `the challenge, 1 to ${challenges.length}`, challengeNumber)
    .addOption(
      new Option('--target <target>', 'where to look: the running local cloud, or AWS')
        .choices(['local', 'aws'])
        .default('local'),
    )
    .option('--region <region>', 'AWS region for --target aws (default AWS_REGION or eu-west-1)')
    .option('--stage <stage>', 'the stage deployed to', 'dev')
    .option('--json', 'print {challenge, passed, steps: [{id, name, passed, detail, hint}]} on stdout')
    .action(
      async (
        number: number,
        flags: { target: 'local' | 'aws'; region?: string; stage: string; json?: boolean },
      ) => {
        const root = workspaceRoot();
        const challenge = challenges[number - 1]!;
        const target =
          flags.target === 'aws'
            ? awsCheckTarget(root, { stage: flags.stage, ...(flags.region ? { region: flags.region } : {}) })
            : localCheckTarget(root, flags.stage);
        try {
          const report = await runCheck(challenge, target, (line) =>
            process.stderr.write(`check ${number}: ${line}\n`),
          );
          process.stdout.write(
            flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatCheckReport(challenge, report),
          );
          if (!report.passed) {
            const open = report.steps.filter((step) => step.passed !== true).length;
            // The report says what is wrong; the exit code says that something is.
            throw new CliError(
              `challenge ${number}: ${open} of ${report.steps.length} step${report.steps.length === 1 ? '' : 's'} not done`,
              1,
            );
          }
        } finally {
          target.close();
        }
      },
    );
}
