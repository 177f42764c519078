// @ts-check

/** A candidate that cannot be forked as asked; the message says what to change. */
export class CandidateError extends Error {
  /** @override */
  name = 'CandidateError';
}
