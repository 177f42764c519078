import { InvokeCommand, type InvokeCommandOutput } from '@aws-sdk/client-lambda';
import { type StepOutcome, unverifiable } from './check.js';
import type { CheckTarget } from './check-target.js';

/** What a function's HTTP route answered, or why that cannot be checked where the check runs. */
export type RouteAnswer<T> =
  | { readonly answered: T; readonly unverifiable?: undefined }
  | { readonly answered?: undefined; readonly unverifiable: StepOutcome };

/**
 * Sends a request whose answer needs `functionName` to run. When the route cannot be reached at
 * all (no HTTP answer), Lambda is asked to run the function: an endpoint that answers without
 * running its code (an AWS mock such as moto, which needs Docker for that) makes the step not
 * verifiable here rather than failed. Any other cause is the route's, and the error stands.
 */
export async function routeAnswer<T>(
  target: CheckTarget,
  functionName: string,
  send: () => Promise<T>,
): Promise<RouteAnswer<T>> {
  try {
    return { answered: await send() };
  } catch (error) {
    // fetch rejects only when no HTTP answer came back; a 4xx/5xx is an answer and is judged.
    const reason = await whyCodeDoesNotRun(target, functionName);
    if (reason === null) throw error;
    return {
      unverifiable: unverifiable(
        `cannot be verified here: Lambda answers an invoke of ${functionName} without running its code (${reason}), and its route does not answer (${describeError(error)})`,
      ),
    };
  }
}

/**
 * Why Lambda does not run the function's code, from its answer to an invoke; null when it runs it
 * (whatever the function then does) or when the invoke itself fails. A function that ran and
 * failed has its error as JSON (`errorMessage`, `errorType`); moto answers a `FunctionError`
 * with plain text instead (`error running docker: …`).
 */
async function whyCodeDoesNotRun(target: CheckTarget, functionName: string): Promise<string | null> {
  let answer: InvokeCommandOutput;
  try {
    answer = await target
      .lambda()
      .send(new InvokeCommand({ FunctionName: functionName, Payload: new TextEncoder().encode('{}') }));
  } catch {
    return null;
  }
  if (!answer.FunctionError) return null;
  const payload = new TextDecoder().decode(answer.Payload ?? new Uint8Array()).trim();
  return ranAndFailed(payload) ? null : `it answers "${payload.slice(0, 160)}"`;
}

function ranAndFailed(payload: string): boolean {
  try {
    const parsed: unknown = JSON.parse(payload);
    return (
      typeof parsed === 'object' && parsed !== null && ('errorMessage' in parsed || 'errorType' in parsed)
    );
  } catch {
    return false;
  }
}

function describeError(error: unknown): string {
  const cause = (error as Error).cause as { code?: string; message?: string } | undefined;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
