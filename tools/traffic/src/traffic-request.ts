/** One request of production traffic, relative to a function's URL (which ends in its path). */
export interface TrafficRequest {
  readonly method: 'GET' | 'POST';
  /** Query string parameters, appended to the URL. */
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Appends a request's query to a function's URL. */
export function requestUrl(baseUrl: string, request: TrafficRequest): string {
  const url = new URL(baseUrl);
  for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.set(name, value);
  return url.toString();
}
