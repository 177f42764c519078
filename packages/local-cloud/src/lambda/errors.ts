import type { InvokeOutcome } from './invoke-outcome.js';

/**
 * An error of the Lambda service itself (not of a function), answered with the status code, the
 * `x-amzn-errortype` header and the JSON body that the AWS SDK parses into a typed exception.
 */
export class LambdaServiceError extends Error {
  constructor(
    readonly statusCode: number,
    readonly errorType: string,
    message: string,
    readonly body: Record<string, unknown> = {},
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = errorType;
  }

  toOutcome(): InvokeOutcome {
    const body = { Type: 'User', message: this.message, ...this.body };
    const outcome: InvokeOutcome = {
      statusCode: this.statusCode,
      errorType: this.errorType,
      payload: Buffer.from(JSON.stringify(body)),
    };
    if (this.retryAfterSeconds !== undefined) outcome.retryAfterSeconds = this.retryAfterSeconds;
    return outcome;
  }
}

export function functionNotFound(arn: string): LambdaServiceError {
  const message = `Function not found: ${arn}`;
  return new LambdaServiceError(404, 'ResourceNotFoundException', message, { Message: message });
}

export function requestTooLarge(limitBytes: number): LambdaServiceError {
  return new LambdaServiceError(
    413,
    'RequestTooLargeException',
    `Request must be smaller than ${limitBytes} bytes for the InvokeFunction operation`,
  );
}

export function tooManyRequests(
  reason: 'ReservedFunctionConcurrentInvocationLimitExceeded' | 'ConcurrentInvocationLimitExceeded',
): LambdaServiceError {
  return new LambdaServiceError(
    429,
    'TooManyRequestsException',
    'Rate Exceeded.',
    { Reason: reason, retryAfterSeconds: '1' },
    1,
  );
}

export function invalidParameter(message: string): LambdaServiceError {
  return new LambdaServiceError(400, 'InvalidParameterValueException', message);
}

export function invalidRequestContent(message: string): LambdaServiceError {
  return new LambdaServiceError(400, 'InvalidRequestContentException', message);
}

/** The deployment asked for something the local Lambda cannot run. */
export class FunctionDefinitionError extends Error {
  constructor(
    readonly functionName: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`Function '${functionName}': ${message}`, options);
    this.name = 'FunctionDefinitionError';
  }
}
