/**
 * The comment line `experiments pull` puts first in the file it writes, naming the stored version
 * the file came from: `# stored version 8 (rollout rounding-float: promoted candidate-1), pulled
 * 2026-12-01T17:02Z`. It is a YAML comment, so the file stays valid; `upload` reads it to know
 * which stored versions the file already holds.
 */

const MARKER = /^# stored version (\d+)\b.*$/;

export interface MarkedVersion {
  readonly version: number;
  readonly origin: string;
}

/** Minutes are enough to tell pulls apart and keep the line short. */
function minuteText(at: Date): string {
  return `${at.toISOString().slice(0, 16)}Z`;
}

function markerLine(stored: MarkedVersion, pulledAt: Date): string {
  // An origin is one line in practice; a stray line break must not end the comment early.
  const origin = stored.origin.replace(/\s+/g, ' ').trim();
  return `# stored version ${stored.version} (${origin}), pulled ${minuteText(pulledAt)}`;
}

/** The text without any marker lines: what two copies of one version have in common. */
export function withoutMarkers(text: string): string {
  return text
    .split('\n')
    .filter((line) => !MARKER.test(line.replace(/\r$/, '')))
    .join('\n');
}

/** The version the file's first marker names, or undefined for a file never pulled. */
export function markedVersion(text: string): number | undefined {
  for (const line of text.split('\n')) {
    const match = MARKER.exec(line.replace(/\r$/, ''));
    if (match) return Number(match[1]);
  }
  return undefined;
}

/** A stored version as `pull` writes it: one marker first, replacing any the source carried. */
export function pulledText(stored: MarkedVersion & { readonly source: string }, pulledAt: Date): string {
  return `${markerLine(stored, pulledAt)}\n${withoutMarkers(stored.source)}`;
}
