import type { Experiment } from '@serverless-scientist/core';
import { type Clock, systemClock } from '../clock.js';

export interface LoadedDefinitions {
  readonly version: number;
  readonly experiments: readonly Experiment[];
}

/** Why the cache kept what it had: for logs and the data API. */
export interface DefinitionProblem {
  readonly at: number;
  readonly message: string;
}

/**
 * The experiment definitions the proxy routes by, read from the store with a short cache. The
 * age is checked on every request, before routing: a copy older than `maxAgeMs` is refreshed
 * and waited for, so every warm environment routes by a new version within `maxAgeMs` plus one
 * store read, however long it sat idle (Lambda freezes an idle environment, so a refresh left
 * running in the background would only finish on the request after). A refresh that fails or
 * brings a broken definition keeps the last good one, and the next try waits a full period.
 */
export class DefinitionCache {
  private value: LoadedDefinitions | undefined;
  private loadedAt = Number.NEGATIVE_INFINITY;
  private refreshing: Promise<void> | undefined;
  private lastProblem: DefinitionProblem | undefined;
  private readonly clock: Clock;
  private readonly maxAgeMs: number;
  private readonly onProblem: ((problem: DefinitionProblem) => void) | undefined;

  constructor(
    private readonly load: () => Promise<LoadedDefinitions | undefined>,
    options: {
      maxAgeMs?: number;
      clock?: Clock;
      fallback?: LoadedDefinitions;
      onProblem?: (problem: DefinitionProblem) => void;
    } = {},
  ) {
    this.onProblem = options.onProblem;
    this.clock = options.clock ?? systemClock;
    this.maxAgeMs = options.maxAgeMs ?? 2000;
    this.value = options.fallback;
  }

  get problem(): DefinitionProblem | undefined {
    return this.lastProblem;
  }

  async current(): Promise<LoadedDefinitions> {
    const stale = this.clock.monotonic() - this.loadedAt >= this.maxAgeMs;
    if (stale && !this.refreshing) {
      this.refreshing = this.refresh().finally(() => {
        this.refreshing = undefined;
      });
    }
    if (stale && this.refreshing) await this.refreshing;
    return this.value ?? { version: 0, experiments: [] };
  }

  private async refresh(): Promise<void> {
    try {
      const loaded = await this.load();
      if (loaded) this.value = loaded;
      this.loadedAt = this.clock.monotonic();
    } catch (error) {
      this.lastProblem = { at: this.clock.now(), message: (error as Error).message };
      this.onProblem?.(this.lastProblem);
      // Try again after a full period rather than on every request while the store is down.
      this.loadedAt = this.clock.monotonic();
    }
  }
}
