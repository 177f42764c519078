import { type Experiment, parseExperiments } from '@serverless-scientist/core';

/** A small experiments file in the seed's format, with extra settings where a test needs them. */
export function experimentsYaml(candidates: Record<string, string>, extra = ''): string {
  const lines = [
    'experiments:',
    '  rounding-float:',
    '    comparators:',
    '      - body:',
    '      - statuscode:',
    '      - headers:',
    '      - content-type',
    '    path: round',
    '    control:',
    '      name: Round Node',
    '      arn: arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:control-round',
    '    candidates:',
    ...Object.entries(candidates).flatMap(([id, functionName]) => [
      `      ${id}:`,
      `        name: ${functionName}`,
      `        arn: arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:${functionName}`,
    ]),
    extra,
  ];
  return lines.join('\n');
}

export const testEnv = { AWS_REGION: 'eu-west-1', AWS_ACCOUNT_ID: '000000000000' };

export function experimentsOf(yaml: string): readonly Experiment[] {
  const result = parseExperiments(yaml, { env: testEnv });
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
  return result.definitions.experiments;
}
