import type { RolloutStateName, RolloutTransition } from '@serverless-scientist/core';
import type { ExperimentSummary, MismatchGroup } from '@serverless-scientist/scientist';

/** What a release decision rests on, gathered for one experiment and window. */
export interface Evidence {
  readonly summary: ExperimentSummary;
  readonly groups: readonly MismatchGroup[];
  readonly definition: { readonly version: number; readonly uploadedAt?: string; readonly origin?: string };
  /** Definition versions published within the window, newest first. */
  readonly versions: readonly {
    readonly version: number;
    readonly uploadedAt?: string;
    readonly origin?: string;
  }[];
  /** The experiment's staged rollout, when it has one: where it stands and every transition. */
  readonly rollout?: {
    readonly candidate: string;
    readonly state: RolloutStateName;
    readonly percent: number;
    readonly steps: readonly number[];
    readonly history: readonly RolloutTransition[];
  };
}

const NONE = '—';
const ms = (value: number | null | undefined) => (value == null ? NONE : `${value.toFixed(1)} ms`);
const pct = (value: number | null | undefined) => (value == null ? NONE : `${(value * 100).toFixed(2)} %`);
const usd = (value: number | null | undefined) => (value == null ? NONE : `$${value.toFixed(4)}`);
const signedUsd = (value: number | null | undefined) =>
  value == null ? NONE : `${value < 0 ? '−' : '+'}$${Math.abs(value).toFixed(4)}`;
const mb = (value: number | null | undefined) =>
  value == null ? NONE : `${value.toLocaleString('en-US')} MB`;
/** A table cell: pipes and newlines would end it. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Every transition, oldest first, whatever the window: a rollout's audit trail is read whole. */
function rolloutSection(rollout: NonNullable<Evidence['rollout']>): string[] {
  const lines = [
    '## Rollout',
    '',
    `Rollout of \`${rollout.candidate}\` over ${rollout.steps.map((step) => `${step} %`).join(' → ')}: ${rollout.state}, serving ${rollout.percent} %.`,
    '',
  ];
  if (rollout.history.length === 0) return [...lines, 'Not started.', ''];
  return [
    ...lines,
    '| at (UTC) | served | state | reason |',
    '| --- | --- | --- | --- |',
    ...rollout.history.map(
      (entry) =>
        `| ${entry.at.slice(0, 19).replace('T', ' ')} | ${entry.from} % → ${entry.to} % | ${entry.state} | ${cell(entry.reason)} |`,
    ),
    '',
  ];
}

/**
 * The evidence as Markdown, fit to paste into a pull request or a change ticket: the definition
 * version, samples, match rates with intervals, latency and cost per candidate, the verdicts,
 * the memory advice, the rollout's history, and the mismatches grouped by place with the newest
 * example of each.
 */
export function evidenceReport({ summary, groups, definition, versions, rollout }: Evidence): string {
  const { control } = summary;
  const lines: string[] = [
    `# Experiment \`${summary.id}\` (/${summary.path})`,
    '',
    `- Window: ${summary.window.from} – ${summary.window.to} UTC`,
    `- Definition version: ${definition.version}${definition.uploadedAt ? `, uploaded ${definition.uploadedAt}` : ''}${
      definition.origin ? ` (${definition.origin})` : ''
    }`,
    `- Control: ${control.name} — ${control.samples} samples, ${control.errors} errors, ${control.coldStarts} cold starts, ` +
      `latency p50 ${ms(control.latencyMs.p50)} / p95 ${ms(control.latencyMs.p95)} / p99 ${ms(control.latencyMs.p99)}, ` +
      `${mb(control.memorySizeMb)}, ${usd(control.costPerMillionUsd)} per 1M requests`,
    summary.pricing
      ? `- Prices: Lambda on-demand ${summary.pricing.architecture} in ${summary.pricing.region}, $${summary.pricing.perGbSecondUsd} per GB-s and $${summary.pricing.perMillionRequestsUsd} per 1M requests (${summary.pricing.source}, ${summary.pricing.asOf})`
      : '- Prices: none known for this region; costs are not given',
    '',
    '## Candidates',
    '',
    '| candidate | samples | match rate (95 % interval) | mismatches | errors | timeouts | latency p50 / p95 / p99 | memory | cost per 1M | vs control | verdict |',
    '| --- | ---: | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- |',
    ...summary.candidates.map((candidate) => {
      const interval = candidate.matchRateInterval
        ? ` (${pct(candidate.matchRateInterval.low)} – ${pct(candidate.matchRateInterval.high)})`
        : '';
      return `| ${cell(`${candidate.name} (${candidate.id})`)} | ${candidate.samples} | ${pct(candidate.matchRate)}${interval} | ${
        candidate.mismatches
      } | ${candidate.errors} | ${candidate.timeouts} | ${ms(candidate.latencyMs.p50)} / ${ms(candidate.latencyMs.p95)} / ${ms(
        candidate.latencyMs.p99,
      )} | ${mb(candidate.memorySizeMb)} | ${usd(candidate.costPerMillionUsd)} | ${signedUsd(
        candidate.costDifferencePerMillionUsd,
      )} | ${cell(candidate.verdict.summary)} |`;
    }),
    '',
    '## Memory',
    '',
    summary.memoryAdvice
      ? `${summary.memoryAdvice.summary} (from live traffic: ${summary.memoryAdvice.baseline.id} against ${summary.memoryAdvice.recommended.id}).`
      : 'No advice: it needs variants at two memory sizes with 20 samples each.',
    '',
    ...(rollout ? rolloutSection(rollout) : []),
    '## Mismatches by place',
    '',
  ];
  if (groups.length === 0) lines.push('None in this window.');
  else {
    lines.push('| candidate | place | mismatches | share of samples |', '| --- | --- | ---: | ---: |');
    for (const group of groups)
      lines.push(
        `| ${cell(group.candidate)} | \`${cell(group.key)}\` | ${group.count} | ${pct(group.share)} |`,
      );
    for (const group of groups) {
      const example = group.example as { diff?: string; curl?: string; at?: string } | null;
      if (!example) continue;
      lines.push(
        '',
        `### ${group.candidate}: \`${group.key}\``,
        '',
        `Newest example (${example.at ?? 'time unknown'}):`,
        '',
      );
      lines.push('```diff', ...(example.diff ?? '').split('\n'), '```');
      if (example.curl) lines.push('', '```sh', example.curl, '```');
    }
  }
  lines.push('', '## Definition versions in the window', '');
  if (versions.length === 0) lines.push(`None published; version ${definition.version} held throughout.`);
  else
    for (const version of versions)
      lines.push(
        `- version ${version.version}, ${version.uploadedAt ?? 'time unknown'} (${version.origin ?? 'upload'})`,
      );
  return `${lines.join('\n')}\n`;
}
