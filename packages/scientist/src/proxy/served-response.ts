import type { FunctionAnswer } from '../hand-off.js';

/**
 * Lambda's limit on a synchronous response: the proxy cannot answer more than this, so an answer
 * above it must never be chosen as the client's.
 */
const MAX_SERVED_BYTES = 6 * 1024 * 1024;

/**
 * Whether a served candidate's answer can go to the client: it returned, without a function
 * error, within the payload limit, as an API Gateway response (a JSON object). Otherwise, why
 * not, and the answer as the results record it (an answer too large to travel becomes its reason).
 */
export function servedResponseOf(
  answer: FunctionAnswer,
): { readonly response: unknown } | { readonly failure: string; readonly recorded: FunctionAnswer } {
  if (answer.kind === 'failed') return { failure: `${answer.failure}: ${answer.message}`, recorded: answer };
  if (answer.functionError) return { failure: `function error (${answer.functionError})`, recorded: answer };
  const bytes = answer.payload.length > MAX_SERVED_BYTES / 4 ? Buffer.byteLength(answer.payload) : 0;
  if (bytes > MAX_SERVED_BYTES) {
    const message = `answered ${bytes} bytes, above Lambda's ${MAX_SERVED_BYTES}-byte response limit`;
    return {
      failure: `payload-too-large: ${message}`,
      recorded: { kind: 'failed', failure: 'payload-too-large', message, clientMs: answer.clientMs },
    };
  }
  let response: unknown;
  try {
    response = JSON.parse(answer.payload);
  } catch {
    response = undefined;
  }
  if (response === null || typeof response !== 'object' || Array.isArray(response)) {
    const message = 'answered something other than an API Gateway response (a JSON object)';
    return {
      failure: `invoke-failed: ${message}`,
      recorded: { kind: 'failed', failure: 'invoke-failed', message, clientMs: answer.clientMs },
    };
  }
  return { response };
}
