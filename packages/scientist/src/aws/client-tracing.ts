/**
 * What a handler does to each AWS SDK client it builds so that the client's calls show as X-Ray
 * subsegments (proxy → control, proxy → runner, runner → candidate, the store): nothing, or
 * Powertools' `captureAWSv3Client`.
 */
export type ClientTracing = <Client extends object>(client: Client) => Client;

/** Clients stay as built. */
export const UNTRACED: ClientTracing = (client) => client;

/**
 * Traced only where an X-Ray daemon receives: Lambda sets `AWS_XRAY_DAEMON_ADDRESS` for every
 * function, the local cloud does not (it looks like Lambda otherwise, so Powertools alone would
 * turn itself on there). `POWERTOOLS_TRACE_ENABLED=false` turns tracing off on AWS too.
 */
export function tracingWanted(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  const setting = env.POWERTOOLS_TRACE_ENABLED?.trim().toLowerCase();
  if (setting === 'false' || setting === '0') return false;
  return Boolean(env.AWS_XRAY_DAEMON_ADDRESS);
}

/**
 * The tracing for one handler. The X-Ray SDK is loaded only when tracing is wanted: loading it
 * inside a Lambda-like process starts its context tracking (an async hook every promise pays for).
 */
export async function clientTracingFor(
  serviceName: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<ClientTracing> {
  if (!tracingWanted(env)) return UNTRACED;
  const { Tracer } = await import('@aws-lambda-powertools/tracer');
  // Only the SDK clients: tracing every HTTP request would also trace the hand-off extension's
  // long poll of the Extensions API, and each SDK call a second time.
  const tracer = new Tracer({ serviceName, captureHTTPsRequests: false });
  return (client) => tracer.captureAWSv3Client(client);
}
