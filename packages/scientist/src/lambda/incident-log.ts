import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { INCIDENT_KINDS, type IncidentReporter, Incidents } from '../incidents.js';

/**
 * The incident funnel as a Lambda function reports it: one log record per incident, at its
 * kind's level, and its counts added to the function's metrics (published with the rest).
 */
export function incidentLog(logger: Logger, metrics?: Metrics): IncidentReporter {
  return (incident) => {
    const kind = INCIDENT_KINDS[incident.problem];
    // Not `message`: the Powertools logger would drop it for its own.
    const fields = { problem: incident.problem, ...incident.context, reason: incident.message };
    if (kind.level === 'warn') logger.warn(kind.line, fields);
    else logger.error(kind.line, incident.error ? { ...fields, error: incident.error } : fields);
    for (const [name, count] of Object.entries(incident.counts))
      metrics?.addMetric(name, MetricUnit.Count, count);
  };
}

/** A funnel that reports through {@link incidentLog}. */
export function loggedIncidents(logger: Logger, metrics?: Metrics): Incidents {
  return new Incidents(incidentLog(logger, metrics));
}
