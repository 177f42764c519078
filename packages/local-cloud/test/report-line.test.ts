import { parseReportLine } from '@serverless-scientist/core';
import { expect, test } from 'vitest';
import { formatReportLine, type ReportFigures } from '../src/lambda/report-line.js';

// The local cloud writes the REPORT line with the figures the core reads back: one type for both.
test('every figure the local cloud writes on a REPORT line, the core reads back', () => {
  const figures: ReportFigures = {
    requestId: 'r-1',
    durationMs: 612.5,
    billedDurationMs: 613,
    memorySizeMb: 128,
    maxMemoryUsedMb: 71,
    initDurationMs: 150.25,
    status: 'error',
    errorType: 'Extension.Crash',
    cpuTimeMs: 3.5,
    throttledMs: 1.25,
    cpuWaitMs: 2,
    extensionsDurationMs: 600.5,
    note: 'CPU not throttled (no CPU quota on this machine)',
  };
  const line = formatReportLine(figures);
  expect(line).toMatch(/^REPORT RequestId: r-1\tDuration: 612\.50 ms\tBilled Duration: 613 ms\t/);
  expect(parseReportLine(`END RequestId: r-1\n${line}\n`)).toEqual(figures);
});
