import { DEFAULT_REGION } from '@serverless-scientist/core';

/**
 * The one region rule, shared with every serverless.yml (`${opt:region, env:AWS_REGION,
 * 'eu-west-1'}`): `--region`, else AWS_REGION, else eu-west-1 as the tutorial's seed uses. The CLI
 * passes the region it chose to `serverless` explicitly, so a deploy and an upload never split.
 */
export function awsRegion(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  return flag || env.AWS_REGION || DEFAULT_REGION;
}

export const regionOptionHelp = `AWS region (default: AWS_REGION, else ${DEFAULT_REGION})`;
