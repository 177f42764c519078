import type { ReportMetrics } from '@serverless-scientist/core';

/** The figures of one invocation, as Lambda prints them in its REPORT line (the core reads them back). */
export type ReportFigures = ReportMetrics & { readonly requestId: string };

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
