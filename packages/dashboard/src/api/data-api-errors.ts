/** The data API refused the request: a token is missing or wrong. Carries the API's own message. */
export class UnauthorizedError extends Error {
  override readonly name = 'UnauthorizedError';
}

/** The data API answered with an error, or did not answer at all. */
export class DataApiError extends Error {
  override readonly name = 'DataApiError';
  constructor(
    message: string,
    readonly url: string,
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
