/** One internal failure: something the local cloud tried on its own account that went wrong. */
export interface Incident {
  /** What was being done, e.g. `scheduled invoke of svc-dev-tick`. */
  readonly operation: string;
  readonly message: string;
  /** ISO 8601. */
  readonly at: string;
}

/** How many incidents there were, and the latest few. */
export interface IncidentReport {
  readonly count: number;
  readonly recent: readonly Incident[];
}

const keptIncidents = 50;

/**
 * The one funnel for failures inside the local cloud that no caller is waiting to hear about (a
 * scheduled invoke that failed, a part that would not stop, an answer that could not be written):
 * each is counted, logged once with its operation, and kept for the admin API
 * (`GET /_local-cloud/incidents`) and tests, never swallowed.
 */
export class Incidents {
  #count = 0;
  readonly #recent: Incident[] = [];

  constructor(private readonly log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)) {}

  raised(operation: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.#count += 1;
    this.#recent.push(Object.freeze({ operation, message, at: new Date().toISOString() }));
    if (this.#recent.length > keptIncidents) this.#recent.shift();
    this.log(`local cloud: ${operation} failed: ${message}`);
  }

  report(): IncidentReport {
    return Object.freeze({ count: this.#count, recent: Object.freeze([...this.#recent]) });
  }
}

/** This process's funnel: a process runs one local cloud per state directory. */
export const incidents = new Incidents();

/** Records an internal failure of `operation` in this process's funnel. */
export function raised(operation: string, error: unknown): void {
  incidents.raised(operation, error);
}
