import { expectTypeOf, test } from 'vitest';
import type {
  SeriesPoint as DashboardSeriesPoint,
  ExperimentSummary as DashboardSummary,
} from '../../dashboard/src/api/data-api-types.js';
import type { ExperimentSummary } from '../src/results/experiment-summary.js';
import type { SeriesPoint } from '../src/results/results-query.js';

// The dashboard is a browser bundle and keeps its own copy of the data API's types; these checks
// run in `typecheck`, so a change to what the scientist serves that the dashboard does not read
// the same way fails the build instead of a page at run time.
test('the dashboard reads summaries and series as the data API writes them', () => {
  expectTypeOf<ExperimentSummary>().toExtend<DashboardSummary>();
  expectTypeOf<SeriesPoint>().toExtend<DashboardSeriesPoint>();
});
