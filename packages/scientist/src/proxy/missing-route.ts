import type { PayloadFormat } from '../api-gateway-event.js';

/**
 * What API Gateway answers when no route matches, so that an unknown path through the scientist
 * looks exactly like an unknown path without it.
 */
export function missingRouteResponse(format: PayloadFormat): Record<string, unknown> {
  if (format === '2.0') {
    return {
      statusCode: 404,
      headers: { 'content-type': 'application/json' },
      body: '{"message":"Not Found"}',
    };
  }
  return {
    statusCode: 403,
    headers: {
      'content-type': 'application/json',
      'x-amzn-ErrorType': 'MissingAuthenticationTokenException',
    },
    body: '{"message":"Missing Authentication Token"}',
  };
}
