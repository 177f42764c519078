import { raised } from './incidents.js';

/** A part of the local cloud that listens until stopped. */
export interface Stoppable {
  stop(): Promise<void>;
}

/** Stops the parts last-started first; a part that fails to stop is an incident and the others still stop. */
export async function stopAll(parts: readonly Stoppable[], operation: string): Promise<void> {
  for (const part of [...parts].reverse()) {
    await part.stop().catch((error: unknown) => raised(operation, error));
  }
}
