/** The store could not be read or written; `cause` holds the SDK's error. */
export class StoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
  }
}

/**
 * The control failed (function error, timeout, throttling). The proxy fails the same way so that
 * API Gateway gives the client exactly what it would have given without the scientist.
 */
export class ControlFailedError extends Error {
  constructor(
    message: string,
    readonly experiment: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ControlFailedError';
  }
}

/** A data API or results question that cannot be answered as asked (bad window); the message says why. */
export class InvalidRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRequestError';
  }
}

/** A runner task that this runner cannot read (another version, a hand-made invoke); the message says what is wrong. */
export class HandOffError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HandOffError';
  }
}

/** A rollout that cannot be read or moved as asked (no plan, a state that refuses the command); the message says why. */
export class RolloutError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RolloutError';
  }
}
