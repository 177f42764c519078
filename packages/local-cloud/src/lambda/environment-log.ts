import { randomBytes } from 'node:crypto';
import type { Invocation } from './invocation.js';
import type { FunctionLog } from './log-book.js';
import { formatReportLine, type ReportFigures } from './report-line.js';

/** Lambda's log stream name: the day, `[$LATEST]` and a random id. */
export function logStreamName(now: Date = new Date()): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '/');
  return `${day}/[$LATEST]${randomBytes(16).toString('hex')}`;
}

/**
 * One execution environment's log: every line goes to the function's log file and, when the invoker
 * asked for the log tail, to the invocation it belongs to; Lambda's own START, END, REPORT and
 * INIT_REPORT lines are written here.
 */
export class EnvironmentLog {
  constructor(private readonly log: FunctionLog) {}

  write(line: string, invocation: Invocation | undefined): void {
    this.log.write(line);
    invocation?.log?.add(line);
  }

  start(invocation: Invocation): void {
    this.write(`START RequestId: ${invocation.requestId} Version: $LATEST`, invocation);
  }

  /** END and REPORT: the invocation's last two lines. */
  end(invocation: Invocation, figures: ReportFigures): void {
    this.write(`END RequestId: ${invocation.requestId}`, invocation);
    this.write(formatReportLine(figures), invocation);
  }

  initFailed(initDurationMs: number, errorType: string, invocation: Invocation | undefined): void {
    this.write(
      `INIT_REPORT Init Duration: ${initDurationMs.toFixed(2)} ms\tPhase: init\tStatus: error\tError Type: ${errorType}`,
      invocation,
    );
  }
}
