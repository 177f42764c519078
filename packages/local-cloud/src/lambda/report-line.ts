/** The figures of one invocation, as Lambda prints them in its REPORT line. */
export interface ReportFigures {
  requestId: string;
  durationMs: number;
  billedDurationMs: number;
  memorySizeMb: number;
  maxMemoryUsedMb: number;
  initDurationMs?: number;
  /** `timeout` or `error`, as Lambda adds for a failed invocation. */
  status?: 'timeout' | 'error';
  errorType?: string;
  /**
   * Local-only additions (AWS prints none of them): CPU time used, time held back by the
   * environment's own CPU quota, and time ready to run without a CPU (quota or host contention).
   */
  cpuTimeMs?: number;
  throttledMs?: number;
  cpuWaitMs?: number;
  /**
   * Local-only addition, only when extensions are registered: the post-runtime phase, from the
   * runtime's response until every extension asked for its next event (AWS's
   * `PostRuntimeExtensionsDuration` metric). `durationMs` includes it, as on AWS.
   */
  extensionsDurationMs?: number;
  /** Local-only note, e.g. that CPU was not throttled; absent on AWS. */
  note?: string;
}

/** Lambda's REPORT line: tab-separated fields, each followed by a tab. */
export function formatReportLine(figures: ReportFigures): string {
  const fields = [
    `REPORT RequestId: ${figures.requestId}`,
    `Duration: ${figures.durationMs.toFixed(2)} ms`,
    `Billed Duration: ${figures.billedDurationMs} ms`,
    `Memory Size: ${figures.memorySizeMb} MB`,
    `Max Memory Used: ${figures.maxMemoryUsedMb} MB`,
  ];
  if (figures.initDurationMs !== undefined)
    fields.push(`Init Duration: ${figures.initDurationMs.toFixed(2)} ms`);
  if (figures.status) fields.push(`Status: ${figures.status}`);
  if (figures.errorType) fields.push(`Error Type: ${figures.errorType}`);
  if (figures.cpuTimeMs !== undefined) fields.push(`CPU Time: ${figures.cpuTimeMs.toFixed(2)} ms`);
  if (figures.throttledMs !== undefined) fields.push(`Throttled Time: ${figures.throttledMs.toFixed(2)} ms`);
  if (figures.cpuWaitMs !== undefined) fields.push(`CPU Wait: ${figures.cpuWaitMs.toFixed(2)} ms`);
  if (figures.extensionsDurationMs !== undefined)
    fields.push(`Extensions Duration: ${figures.extensionsDurationMs.toFixed(2)} ms`);
  if (figures.note) fields.push(`Note: ${figures.note}`);
  return `${fields.join('\t')}\t`;
}
