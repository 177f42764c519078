import { GetAccountSettingsCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { cloudFormation, describeStack, isDeployed, serviceFor } from './aws-stacks.js';
import type { DoctorCheck } from './toolchain-checks.js';

/** Lambda keeps this many executions unreserved in every account: reservations must leave them. */
const unreservedFloor = 10;
/** What the scientist's runner would like to reserve, to cap shadow load. */
const runnerReservation = 20;

/**
 * The AWS-side checks of `scientist doctor --target aws`: the credentials work, the region, the
 * account's Lambda concurrency quota (what a runner reservation can be), and the scientist stack's state.
 */
export async function awsChecks(options: {
  region: string;
  stage: string;
  scientistDir: string;
}): Promise<DoctorCheck[]> {
  const { region, stage } = options;
  const checks: DoctorCheck[] = [
    {
      name: 'aws region',
      status: 'ok',
      detail: `${region} (${process.env.AWS_REGION ? 'from AWS_REGION' : 'the default'}; --region overrides)${process.env.AWS_ENDPOINT_URL ? `, endpoint ${process.env.AWS_ENDPOINT_URL}` : ''}`,
    },
  ];
  const sts = new STSClient({ region, maxAttempts: 2 });
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    checks.push({
      name: 'aws credentials',
      status: 'ok',
      detail: `account ${identity.Account} as ${identity.Arn}`,
    });
  } catch (error) {
    checks.push({
      name: 'aws credentials',
      status: 'fail',
      detail: `STS GetCallerIdentity failed: ${(error as Error).message}`,
      fix: 'run `aws configure` (or `aws sso login`), or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
    });
    return checks;
  } finally {
    sts.destroy();
  }
  const lambda = new LambdaClient({ region, maxAttempts: 2 });
  try {
    const settings = await lambda.send(new GetAccountSettingsCommand({}));
    const quota = settings.AccountLimit?.ConcurrentExecutions ?? 0;
    const unreserved = settings.AccountLimit?.UnreservedConcurrentExecutions ?? quota;
    const room = unreserved - unreservedFloor;
    checks.push(
      room >= runnerReservation * 2
        ? {
            name: 'lambda concurrency',
            status: 'ok',
            detail: `quota ${quota}, ${unreserved} unreserved: room to reserve ${runnerReservation} for the runner (custom.runnerReservedConcurrency)`,
          }
        : {
            name: 'lambda concurrency',
            status: 'warn',
            detail: `quota ${quota}, ${unreserved} unreserved: too little to reserve any for the runner (Lambda keeps ${unreservedFloor} unreserved), so shadow load shares the controls' concurrency`,
            fix: 'ask AWS Support (Service Quotas, "Concurrent executions") for 1000; leave custom.runnerReservedConcurrency empty until then',
          },
    );
  } catch (error) {
    checks.push({
      name: 'lambda concurrency',
      status: 'warn',
      detail: `GetAccountSettings failed: ${(error as Error).message}`,
    });
  } finally {
    lambda.destroy();
  }
  const client = cloudFormation(region);
  try {
    const stack = await describeStack(client, await serviceFor(options.scientistDir, stage, region));
    const bucket = stack.outputs.ServerlessDeploymentBucketName;
    if (!isDeployed(stack)) {
      checks.push({ name: 'scientist stack', status: 'ok', detail: `${stack.stackName}: not deployed yet` });
    } else if (/_COMPLETE$/.test(stack.status) && !/ROLLBACK/.test(stack.status)) {
      checks.push({
        name: 'scientist stack',
        status: bucket ? 'ok' : 'warn',
        detail: `${stack.stackName}: ${stack.status}${bucket ? `, deploy bucket ${bucket}` : ', no deploy bucket output'}`,
        ...(bucket ? {} : { fix: 'redeploy with `scientist deploy packages/scientist --target aws`' }),
      });
    } else {
      checks.push({
        name: 'scientist stack',
        status: /IN_PROGRESS$/.test(stack.status) ? 'warn' : 'fail',
        detail: `${stack.stackName}: ${stack.status}`,
        fix: /IN_PROGRESS$/.test(stack.status)
          ? 'wait for the running deploy or remove to finish'
          : 'see the stack events in the CloudFormation console; `scientist remove packages/scientist --target aws` clears a failed first deploy',
      });
    }
  } catch (error) {
    checks.push({ name: 'scientist stack', status: 'warn', detail: (error as Error).message });
  } finally {
    client.destroy();
  }
  return checks;
}
