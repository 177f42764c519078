import { asRecord } from '../api-gateway-event.js';

/** The header that marks a candidate's request as a shadow (docs/architecture.md). */
const SHADOW_HEADER = 'x-scientist-shadow';

/**
 * The control's event with the shadow mark (docs/architecture.md, "Shadow requests"): the
 * header in `headers` and `multiValueHeaders`, and `requestContext.scientist`.
 */
export function markAsShadow(
  event: Readonly<Record<string, unknown>>,
  mark: { experiment: string; requestId: string },
): Record<string, unknown> {
  const shadow: Record<string, unknown> = { ...event };
  shadow.headers = { ...asRecord(event.headers), [SHADOW_HEADER]: '1' };
  if (event.multiValueHeaders !== undefined || event.version !== '2.0') {
    shadow.multiValueHeaders = { ...asRecord(event.multiValueHeaders), [SHADOW_HEADER]: ['1'] };
  }
  shadow.requestContext = {
    ...asRecord(event.requestContext),
    scientist: { shadow: true, experiment: mark.experiment, requestId: mark.requestId },
  };
  return shadow;
}
