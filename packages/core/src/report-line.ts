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
  const line = lastReportLine(logTail);
  if (line === undefined) return undefined;
  // Read for every candidate of every shadowed request: the tab-separated form Lambda writes is
  // read field by field; anything else by the patterns below.
  return tabSeparated(line) ?? readByPatterns(line);
}

function readByPatterns(line: string): ReportMetrics | undefined {
  const read = (pattern: RegExp) => {
    const match = pattern.exec(line);
    return match ? Number.parseFloat(match[1]!) : undefined;
  };
  const numbers: Partial<Record<keyof ReportMetrics, number>> = {};
  for (const [name, pattern] of Object.entries({ ...FIELDS, ...LOCAL_FIELDS })) {
    const value = read(pattern);
    if (value !== undefined) numbers[name as keyof ReportMetrics] = value;
  }
  return metricsOf(numbers, textFields(line));
}

type TextFields = { -readonly [K in 'requestId' | 'status' | 'errorType' | 'note']?: ReportMetrics[K] };

/** The figures read, whichever way: undefined unless the four that every REPORT line has are there. */
function metricsOf(
  numbers: Partial<Record<keyof ReportMetrics, number>>,
  texts: TextFields,
): ReportMetrics | undefined {
  const { durationMs, billedDurationMs, memorySizeMb, maxMemoryUsedMb } = numbers;
  if (
    durationMs === undefined ||
    billedDurationMs === undefined ||
    memorySizeMb === undefined ||
    maxMemoryUsedMb === undefined
  )
    return undefined;
  const optional = (
    ['initDurationMs', 'cpuTimeMs', 'throttledMs', 'cpuWaitMs', 'extensionsDurationMs'] as const
  ).filter((name) => numbers[name] !== undefined);
  return Object.freeze({
    durationMs,
    billedDurationMs,
    memorySizeMb,
    maxMemoryUsedMb,
    ...Object.fromEntries(optional.map((name) => [name, numbers[name]])),
    ...texts,
  });
}

/** The last line of a log tail that starts with `REPORT `, from the end, without splitting it all. */
function lastReportLine(logTail: string): string | undefined {
  let end = logTail.length;
  while (end >= 0) {
    const start = logTail.lastIndexOf('\n', end - 1) + 1;
    const line = logTail.slice(start, end);
    if (line.trimStart().startsWith('REPORT ')) return line.endsWith('\r') ? line.slice(0, -1) : line;
    if (start === 0) return undefined;
    end = start - 1;
  }
  return undefined;
}

const NUMERIC_LABELS: Readonly<Record<string, readonly [keyof ReportMetrics, string]>> = {
  Duration: ['durationMs', 'ms'],
  'Billed Duration': ['billedDurationMs', 'ms'],
  'Memory Size': ['memorySizeMb', 'MB'],
  'Max Memory Used': ['maxMemoryUsedMb', 'MB'],
  'Init Duration': ['initDurationMs', 'ms'],
  'CPU Time': ['cpuTimeMs', 'ms'],
  'Throttled Time': ['throttledMs', 'ms'],
  'CPU Wait': ['cpuWaitMs', 'ms'],
  'Extensions Duration': ['extensionsDurationMs', 'ms'],
};
const NUMBER_WITH_UNIT = /^(\d+(?:\.\d*)?)\s*(ms|MB)$/;

/**
 * `REPORT RequestId: …<TAB>Duration: 1.00 ms<TAB>…`, each field `Label: value`, in the order the
 * patterns would read it; undefined (read by the patterns instead) when a field is not that.
 */
function tabSeparated(line: string): ReportMetrics | undefined {
  const fields = line.trimStart().slice('REPORT '.length).split('\t');
  const numbers: Partial<Record<keyof ReportMetrics, number>> = {};
  const texts: TextFields = {};
  for (const [index, field] of fields.entries()) {
    const text = field.trim();
    if (text === '') continue;
    const colon = text.indexOf(': ');
    if (colon < 0) return undefined;
    const label = text.slice(0, colon);
    const value = text.slice(colon + 2).trim();
    const numeric = NUMERIC_LABELS[label];
    if (numeric) {
      const match = NUMBER_WITH_UNIT.exec(value);
      if (!match || match[2] !== numeric[1] || numbers[numeric[0]] !== undefined) return undefined;
      numbers[numeric[0]] = Number.parseFloat(match[1]!);
    } else if (label === 'RequestId' && index === 0 && /^\S+$/.test(value)) texts.requestId = value;
    else if (label === 'Status' && (value === 'timeout' || value === 'error')) texts.status = value;
    else if (label === 'Error Type' && /^\S+$/.test(value)) texts.errorType = value;
    else if (label === 'Note' && index === fields.length - 1 - (fields.at(-1)?.trim() === '' ? 1 : 0))
      texts.note = value;
    else return undefined;
  }
  return metricsOf(numbers, texts);
}

function textFields(line: string): TextFields {
  const fields: Record<string, string> = {};
  for (const [name, pattern] of Object.entries(TEXT_FIELDS)) {
    const match = pattern.exec(line);
    if (match) fields[name] = match[1]!;
  }
  return fields as TextFields;
}
