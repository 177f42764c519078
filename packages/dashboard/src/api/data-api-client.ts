import { apiToken } from './api-token.js';
import { DataApiError, UnauthorizedError } from './data-api-errors.js';
import type {
  DefinitionVersion,
  ExperimentDetail,
  ExperimentSummary,
  Mismatch,
  MismatchGroup,
  RolloutStatus,
  SeriesPoint,
  VariantDistribution,
  WindowChoice,
} from './data-api-types.js';

function windowQuery(window: WindowChoice): Record<string, string | number> {
  return {
    minutes: window.minutes,
    ...(window.since ? { since: window.since } : {}),
    ...(window.until ? { until: window.until } : {}),
  };
}

/**
 * Reads the data API. The dashboard is served at `<scientist>/_scientist/`, so its API lives at
 * `./api/` relative to the page, whatever prefix the gateway puts in front.
 */
export class DataApiClient {
  constructor(private readonly baseUrl = new URL('./api/', document.baseURI).href) {}

  async results(window: WindowChoice, signal: AbortSignal): Promise<readonly ExperimentSummary[]> {
    const answer = await this.get<{ experiments: ExperimentSummary[] }>(
      'results',
      windowQuery(window),
      signal,
    );
    return answer.experiments;
  }

  async experiment(id: string, window: WindowChoice, signal: AbortSignal): Promise<ExperimentDetail> {
    const base = `experiments/${encodeURIComponent(id)}`;
    const query = windowQuery(window);
    const [summary, mismatches, series, distributions, groups, definitions, rollout] = await Promise.all([
      this.get<ExperimentSummary>(base, query, signal),
      this.get<{ mismatches: Mismatch[] }>(`${base}/mismatches`, { ...query, limit: 10 }, signal),
      this.get<{ series: SeriesPoint[] }>(`${base}/series`, query, signal),
      this.get<{ variants: Record<string, VariantDistribution> }>(`${base}/distributions`, query, signal),
      this.get<{ groups: MismatchGroup[] }>(`${base}/mismatch-groups`, query, signal),
      this.get<{ versions: DefinitionVersion[] }>('definitions', {}, signal).catch(() => ({ versions: [] })),
      this.rollout(id, signal),
    ]);
    return {
      summary,
      mismatches: mismatches.mismatches,
      series: series.series,
      distributions: distributions.variants,
      groups: groups.groups,
      versions: definitions.versions,
      ...(rollout ? { rollout } : {}),
    };
  }

  /** The experiment's rollout, or undefined when it has none (the data API answers 404). */
  private async rollout(id: string, signal: AbortSignal): Promise<RolloutStatus | undefined> {
    try {
      return await this.get<RolloutStatus>(`experiments/${encodeURIComponent(id)}/rollout`, {}, signal);
    } catch (error) {
      if (error instanceof DataApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  private async get<T>(
    route: string,
    query: Record<string, string | number>,
    signal: AbortSignal,
  ): Promise<T> {
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
