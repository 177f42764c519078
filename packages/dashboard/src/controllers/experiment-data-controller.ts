import { Task } from '@lit/task';
import type { ReactiveControllerHost } from 'lit';
import type { DataApiClient } from '../api/data-api-client.js';
import type { ExperimentDetail, ExperimentSummary } from '../api/data-api-types.js';
import { RefreshController } from './refresh-controller.js';

export interface DataSelection {
  readonly minutes: number;
  readonly experimentId: string | undefined;
}

/**
 * Fetches what the dashboard shows: every experiment's summary, and the chosen experiment's
 * mismatches and series, refreshed every few seconds. Each fetch gets the task's AbortSignal, so a
 * newer selection cancels an older request.
 */
export class ExperimentDataController {
  readonly overview: Task<[number], readonly ExperimentSummary[]>;
  readonly detail: Task<[number, string | undefined], ExperimentDetail | undefined>;

  constructor(host: ReactiveControllerHost, client: DataApiClient, selection: () => DataSelection) {
    this.overview = new Task(host, {
      args: () => [selection().minutes] as [number],
      task: ([minutes], { signal }) => client.results(minutes, signal),
    });
    this.detail = new Task(host, {
      args: () => [selection().minutes, selection().experimentId] as [number, string | undefined],
      task: ([minutes, id], { signal }) =>
        id === undefined ? Promise.resolve(undefined) : client.experiment(id, minutes, signal),
    });
    new RefreshController(host, () => this.refresh());
  }

  refresh(): void {
    void this.overview.run();
    void this.detail.run();
  }
}
