import { apiToken } from './api-token.js';
import { DataApiError, UnauthorizedError } from './data-api-errors.js';
import type { ExperimentDetail, ExperimentSummary, Mismatch, SeriesPoint } from './data-api-types.js';

/**
 * Reads the data API. The dashboard is served at `<scientist>/_scientist/`, so its API lives at
 * `./api/` relative to the page, whatever prefix the gateway puts in front.
 */
export class DataApiClient {
  constructor(private readonly baseUrl = new URL('./api/', document.baseURI).href) {}

  async results(minutes: number, signal: AbortSignal): Promise<readonly ExperimentSummary[]> {
    const answer = await this.get<{ experiments: ExperimentSummary[] }>('results', { minutes }, signal);
    return answer.experiments;
  }

  async experiment(id: string, minutes: number, signal: AbortSignal): Promise<ExperimentDetail> {
    const base = `experiments/${encodeURIComponent(id)}`;
    const [summary, mismatches, series] = await Promise.all([
      this.get<ExperimentSummary>(base, { minutes }, signal),
      this.get<{ mismatches: Mismatch[] }>(`${base}/mismatches`, { minutes, limit: 10 }, signal),
      this.get<{ series: SeriesPoint[] }>(`${base}/series`, { minutes }, signal),
    ]);
    return { summary, mismatches: mismatches.mismatches, series: series.series };
  }

  private async get<T>(route: string, query: Record<string, number>, signal: AbortSignal): Promise<T> {
    const url = new URL(route, this.baseUrl);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, String(value));
    const token = apiToken.read();
    let response: Response;
    try {
      response = await fetch(url, {
        signal,
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
    } catch (error) {
      if (signal.aborted) throw error;
      throw new DataApiError(`the data API at ${url.pathname} did not answer`, url.href, undefined, {
        cause: error,
      });
    }
    const body = (await response.json().catch(() => null)) as { message?: string } | null;
    if (response.status === 401) {
      throw new UnauthorizedError(body?.message ?? 'the data API wants a bearer token');
    }
    if (!response.ok) {
      throw new DataApiError(
        `${url.pathname} answered ${response.status}: ${body?.message ?? response.statusText}`,
        url.href,
        response.status,
      );
    }
    return body as T;
  }
}
