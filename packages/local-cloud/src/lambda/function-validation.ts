import { runtimeLauncherFor } from '../runtimes/index.js';
import { FunctionDefinitionError } from './errors.js';
import type { FunctionDefinition } from './function-definition.js';

const functionNamePattern = /^[a-zA-Z0-9-_]{1,64}$/;

/** Lambda's own limits on a function's settings; a definition outside them is a FunctionDefinitionError. */
export function validateFunction(fn: FunctionDefinition): void {
  if (!functionNamePattern.test(fn.name)) {
    throw new FunctionDefinitionError(
      fn.name,
      'a function name has 1 to 64 letters, digits, hyphens or underscores',
    );
  }
  try {
    runtimeLauncherFor(fn.runtime);
  } catch (error) {
    throw new FunctionDefinitionError(fn.name, (error as Error).message, { cause: error });
  }
  if (!Number.isInteger(fn.memorySizeMb) || fn.memorySizeMb < 128 || fn.memorySizeMb > 10_240) {
    throw new FunctionDefinitionError(
      fn.name,
      `memorySize ${fn.memorySizeMb} is outside Lambda's 128 to 10240 MB`,
    );
  }
  if (!(fn.timeoutSeconds >= 1 && fn.timeoutSeconds <= 900)) {
    throw new FunctionDefinitionError(
      fn.name,
      `timeout ${fn.timeoutSeconds} is outside Lambda's 1 to 900 seconds`,
    );
  }
  if (
    fn.reservedConcurrency !== undefined &&
    !(Number.isInteger(fn.reservedConcurrency) && fn.reservedConcurrency >= 0)
  ) {
    throw new FunctionDefinitionError(
      fn.name,
      `reservedConcurrency ${fn.reservedConcurrency} must be a whole number, 0 or more`,
    );
  }
}
