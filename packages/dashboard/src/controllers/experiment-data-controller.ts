import { Task } from '@lit/task';
import type { ReactiveControllerHost } from 'lit';
import type { DataApiClient } from '../api/data-api-client.js';
import type { ExperimentDetail, ExperimentSummary, WindowChoice } from '../api/data-api-types.js';
import { RefreshController } from './refresh-controller.js';

export interface DataSelection {
  readonly window: WindowChoice;
  readonly experimentId: string | undefined;
}

const windowKey = (window: WindowChoice) => `${window.minutes}|${window.since ?? ''}|${window.until ?? ''}`;

/**
 * Fetches what the dashboard shows: every experiment's summary, and the chosen experiment's
 * figures, refreshed every few seconds. Each fetch gets the task's AbortSignal, so a newer
 * selection cancels an older request. A task forgets its value when a run fails; this controller
 * keeps the last good one (and when it came), so a failed refresh leaves the page as it was.
 */
export class ExperimentDataController {
  readonly overview: Task<[string], readonly ExperimentSummary[]>;
  readonly detail: Task<[string, string | undefined], ExperimentDetail | undefined>;
  lastOverview: readonly ExperimentSummary[] | undefined;
  lastDetail: ExperimentDetail | undefined;
  /** When the detail was last fetched whole. */
  updatedAt: Date | undefined;

  constructor(host: ReactiveControllerHost, client: DataApiClient, selection: () => DataSelection) {
    this.overview = new Task(host, {
      args: () => [windowKey(selection().window)] as [string],
      task: (_key, { signal }) => client.results(selection().window, signal),
      onComplete: (value) => {
        this.lastOverview = value;
      },
    });
    this.detail = new Task(host, {
      args: () => [windowKey(selection().window), selection().experimentId] as [string, string | undefined],
      task: ([, id], { signal }) =>
        id === undefined ? Promise.resolve(undefined) : client.experiment(id, selection().window, signal),
      onComplete: (value) => {
        if (value && value.summary.id !== this.lastDetail?.summary.id) this.lastDetail = undefined;
        this.lastDetail = value;
        this.updatedAt = new Date();
      },
    });
    new RefreshController(host, () => this.refresh());
  }

  refresh(): void {
    void this.overview.run();
    void this.detail.run();
  }
}
