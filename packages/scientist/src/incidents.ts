/**
 * Every internal failure the scientist knows (never a candidate's: that is data), with the line it
 * logs and the metric that counts it. One table, so that a new failure gets a name, a log line
 * and a count together, as github/scientist's `raised(operation, error)` does.
 */
export const INCIDENT_KINDS = Object.freeze({
  'hand-off-failed': { line: 'shadowing skipped for a request', level: 'warn', metric: 'HandOffsFailed' },
  'hand-off-skipped': { line: 'shadowing skipped for a request', level: 'warn', metric: 'HandOffsSkipped' },
  'hand-off-counts-not-stored': {
    line: 'hand-off counts not stored yet',
    level: 'warn',
    metric: 'HandOffCountsNotStored',
  },
  'hand-off-extension-failed': {
    line: 'the hand-off extension stopped; hand-offs are awaited before the answer',
    level: 'error',
    metric: 'HandOffExtensionFailures',
  },
  'results-extension-failed': {
    line: "the runner's extension stopped; results may wait for the environment's next invocation",
    level: 'error',
    metric: 'ResultsExtensionFailures',
  },
  'hand-off-unreadable': { line: 'runner task not read', level: 'error', metric: 'HandOffsUnreadable' },
  'definitions-kept': {
    line: 'kept the last good experiment definitions',
    level: 'error',
    metric: 'DefinitionsKept',
  },
  'deployed-definitions-invalid': {
    line: 'the deployed experiments.yaml is not valid; using uploaded versions only',
    level: 'error',
    metric: 'DeployedDefinitionsInvalid',
  },
  // A served candidate's failure changed what the client's request did (an extra control invoke),
  // so unlike a shadow candidate's failure it is counted here as well as in the results.
  'served-candidate-failed': {
    line: "a served candidate failed; the client got the control's answer",
    level: 'warn',
    metric: 'ServedFallbacks',
  },
  'shadow-run-failed': { line: 'shadow run failed', level: 'error', metric: 'ShadowRunsFailed' },
  'results-not-stored': { line: 'results not stored yet', level: 'error', metric: 'ResultsNotStored' },
  'token-secret-unreadable': {
    line: 'could not read the data API token secret',
    level: 'error',
    metric: 'TokenSecretUnreadable',
  },
  'data-api-failed': { line: 'data API request failed', level: 'error', metric: 'DataApiFailures' },
  'rollout-evaluation-failed': {
    line: 'a rollout could not be evaluated; it stays as it was',
    level: 'error',
    metric: 'RolloutEvaluationsFailed',
  },
  'rollout-trigger-failed': {
    line: 'could not ask for a rollout evaluation; the schedule will',
    level: 'warn',
    metric: 'RolloutTriggersFailed',
  },
} as const);

export type IncidentKind = keyof typeof INCIDENT_KINDS;

/** One internal failure, as the funnel hands it to whoever reports (logs, metrics). */
export interface Incident {
  readonly problem: IncidentKind;
  /** Why, in a line: the error's message. */
  readonly message: string;
  readonly error?: Error;
  /** Where it happened (experiment, request id, figures). */
  readonly context: Readonly<Record<string, unknown>>;
  /** What to add to which metric: one of the kind's own, unless the incident counts more. */
  readonly counts: Readonly<Record<string, number>>;
}

export type IncidentReporter = (incident: Incident) => void;

/**
 * The one funnel for internal failures: each is named, counted here and handed to the reporter
 * once (the Lambda files log it and publish its counts). Nothing inside the scientist swallows a
 * failure or logs one on its own.
 */
export class Incidents {
  private readonly tally = new Map<IncidentKind, number>();

  constructor(private readonly report: IncidentReporter = () => undefined) {}

  raised(
    problem: IncidentKind,
    error: unknown,
    details: { context?: Record<string, unknown>; counts?: Record<string, number> } = {},
  ): Incident {
    const incident: Incident = Object.freeze({
      problem,
      message: error instanceof Error ? error.message : String(error),
      ...(error instanceof Error ? { error } : {}),
      context: Object.freeze({ ...details.context }),
      counts: Object.freeze(details.counts ?? { [INCIDENT_KINDS[problem].metric]: 1 }),
    });
    this.tally.set(problem, this.count(problem) + 1);
    this.report(incident);
    return incident;
  }

  /** How many of this kind were raised here. */
  count(problem: IncidentKind): number {
    return this.tally.get(problem) ?? 0;
  }

  get total(): number {
    let total = 0;
    for (const count of this.tally.values()) total += count;
    return total;
  }
}
