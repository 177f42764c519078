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
  if (figures.note) fields.push(`Note: ${figures.note}`);
  return `${fields.join('\t')}\t`;
}

const reportPattern =
  /REPORT RequestId: (\S+)\s+Duration: ([\d.]+) ms\s+Billed Duration: (\d+) ms\s+Memory Size: (\d+) MB\s+Max Memory Used: (\d+) MB(?:\s+Init Duration: ([\d.]+) ms)?(?:\s+Status: (\w+))?(?:\s+Error Type: (\S+))?(?:\s+Note: ([^\t\n]+))?/;

/** Reads the REPORT line out of a log (e.g. a decoded X-Amz-Log-Result); undefined when there is none. */
export function parseReportLine(log: string): ReportFigures | undefined {
  const match = reportPattern.exec(log);
  if (!match) return undefined;
  const figures: ReportFigures = {
    requestId: match[1]!,
    durationMs: Number(match[2]),
    billedDurationMs: Number(match[3]),
    memorySizeMb: Number(match[4]),
    maxMemoryUsedMb: Number(match[5]),
  };
  if (match[6] !== undefined) figures.initDurationMs = Number(match[6]);
  if (match[7] === 'timeout' || match[7] === 'error') figures.status = match[7];
  if (match[8] !== undefined) figures.errorType = match[8];
  if (match[9] !== undefined) figures.note = match[9];
  return figures;
}
