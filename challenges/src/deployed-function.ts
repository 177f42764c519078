import {
  type FunctionConfiguration,
  GetFunctionConfigurationCommand,
  ListFunctionsCommand,
} from '@aws-sdk/client-lambda';
import type { CheckTarget } from './check-target.js';

/** Every function the Lambda API lists, by name (ListFunctions, page by page). */
export async function listFunctions(target: CheckTarget): Promise<Map<string, FunctionConfiguration>> {
  const functions = new Map<string, FunctionConfiguration>();
  let marker: string | undefined;
  do {
    const page = await target
      .lambda()
      .send(new ListFunctionsCommand({ ...(marker ? { Marker: marker } : {}) }));
    for (const fn of page.Functions ?? []) if (fn.FunctionName) functions.set(fn.FunctionName, fn);
    marker = page.NextMarker;
  } while (marker);
  return functions;
}

/** The function's configuration (memory size, last deploy), or undefined when Lambda has no such function. */
export async function functionConfiguration(
  target: CheckTarget,
  name: string,
): Promise<FunctionConfiguration | undefined> {
  try {
    return await target.lambda().send(new GetFunctionConfigurationCommand({ FunctionName: name }));
  } catch (error) {
    if ((error as Error).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

/** When the function was last deployed (epoch ms), from Lambda's `LastModified`; undefined when not told. */
export function deployedAt(configuration: FunctionConfiguration | undefined): number | undefined {
  const at = configuration?.LastModified ? Date.parse(configuration.LastModified) : Number.NaN;
  return Number.isFinite(at) ? at : undefined;
}
