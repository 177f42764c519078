/** The figures Lambda prints on the REPORT line that closes each invocation's log. */
export interface ReportMetrics {
  readonly durationMs: number;
  readonly billedDurationMs: number;
  readonly memorySizeMb: number;
  readonly maxMemoryUsedMb: number;
  /** Present only on a cold start. */
  readonly initDurationMs?: number;
  readonly requestId?: string;
  /** How the invocation ended when it did not succeed (`Status: timeout` / `Status: error`). */
  readonly status?: 'timeout' | 'error';
  /** The error type Lambda reports with a failed status, e.g. `Runtime.ExitError`. */
  readonly errorType?: string;
  /**
   * The local cloud's additions (absent on AWS): CPU time the invocation used, time its own CPU
   * quota held it back, and time it was ready to run without a CPU (quota or host contention).
   */
  readonly cpuTimeMs?: number;
  readonly throttledMs?: number;
  readonly cpuWaitMs?: number;
  /**
   * The local cloud's addition where extensions are registered: the post-runtime phase, from the
   * runtime's response until every extension asked for its next event (AWS reports it as the
   * `PostRuntimeExtensionsDuration` metric). `durationMs` includes it, as on AWS.
   */
  readonly extensionsDurationMs?: number;
  /** Free text after `Note:`; the local cloud says there when CPU was not throttled. */
  readonly note?: string;
}

const FIELD = (label: string, unit: string) => new RegExp(`\\b${label}:\\s*([\\d.]+)\\s*${unit}`);
const FIELDS = {
  durationMs: FIELD('(?<!Billed |Init |Restore |Extensions )Duration', 'ms'),
  billedDurationMs: FIELD('Billed Duration', 'ms'),
  memorySizeMb: FIELD('Memory Size', 'MB'),
  maxMemoryUsedMb: FIELD('Max Memory Used', 'MB'),
  initDurationMs: FIELD('Init Duration', 'ms'),
} as const;
const LOCAL_FIELDS = {
  cpuTimeMs: FIELD('CPU Time', 'ms'),
  throttledMs: FIELD('Throttled Time', 'ms'),
  cpuWaitMs: FIELD('CPU Wait', 'ms'),
  extensionsDurationMs: FIELD('Extensions Duration', 'ms'),
} as const;
const TEXT_FIELDS = {
  requestId: /\bRequestId:\s*(\S+)/,
  status: /\bStatus:\s*(timeout|error)\b/,
  errorType: /\bError Type:\s*(\S+)/,
  note: /\bNote:\s*([^\t\n]+?)\s*$/,
} as const;

/**
 * Reads the REPORT line from a log tail (Invoke's `LogResult`, decoded), e.g.
 * `REPORT RequestId: … Duration: 1.23 ms Billed Duration: 2 ms Memory Size: 128 MB Max Memory Used: 70 MB`.
 * Returns undefined when the tail holds no complete REPORT line (logs are cut to their last 4 KB).
 */
export function parseReportLine(logTail: string): ReportMetrics | undefined {
  const line = logTail
    .split(/\r?\n/)
    .reverse()
    .find((candidate) => candidate.trimStart().startsWith('REPORT '));
  if (line === undefined) return undefined;
  const read = (pattern: RegExp) => {
    const match = pattern.exec(line);
    return match ? Number.parseFloat(match[1]!) : undefined;
  };
  const durationMs = read(FIELDS.durationMs);
  const billedDurationMs = read(FIELDS.billedDurationMs);
  const memorySizeMb = read(FIELDS.memorySizeMb);
  const maxMemoryUsedMb = read(FIELDS.maxMemoryUsedMb);
  const initDurationMs = read(FIELDS.initDurationMs);
  if (
    durationMs === undefined ||
    billedDurationMs === undefined ||
    memorySizeMb === undefined ||
    maxMemoryUsedMb === undefined
  ) {
    return undefined;
  }
  return Object.freeze({
    durationMs,
    billedDurationMs,
    memorySizeMb,
    maxMemoryUsedMb,
    ...(initDurationMs === undefined ? {} : { initDurationMs }),
    ...Object.fromEntries(
      Object.entries(LOCAL_FIELDS)
        .map(([name, pattern]) => [name, read(pattern)] as const)
        .filter(([, value]) => value !== undefined),
    ),
    ...textFields(line),
  });
}

function textFields(
  line: string,
): Partial<Pick<ReportMetrics, 'requestId' | 'status' | 'errorType' | 'note'>> {
  const fields: Record<string, string> = {};
  for (const [name, pattern] of Object.entries(TEXT_FIELDS)) {
    const match = pattern.exec(line);
    if (match) fields[name] = match[1]!;
  }
  return fields as Partial<Pick<ReportMetrics, 'requestId' | 'status' | 'errorType' | 'note'>>;
}
