import type { DefinitionVersion, RolloutStatus } from './api/data-api-types.js';

/**
 * A moment marked on the time series: a definition version published (an upload, a promotion) or a
 * rollout's transition. `detail` is what a hover or the data table adds to the label: the why.
 */
export interface ChartMarker {
  readonly kind: 'version' | 'rollout';
  /** Seconds since the epoch, as uPlot's time axis counts. */
  readonly at: number;
  readonly label: string;
  readonly detail: string;
  /** A rollout that stopped (rolled back, aborted, paused) is drawn in its warning colour. */
  readonly stopped: boolean;
}

type Transition = RolloutStatus['history'][number];

/** `0 → 50`, `50 → 100`; a transition that does not move the share says what it did instead. */
function transitionLabel({ from, to, state }: Transition): string {
  switch (state) {
    case 'rolled-back':
      return 'rolled back';
    case 'aborted':
      return 'aborted';
    case 'paused':
      return `paused at ${from}%`;
    case 'pending':
      return 'restarted';
    default:
      return from === to ? `resumed at ${to}%` : `${from}% → ${to}%`;
  }
}

const seconds = (iso: string) => Date.parse(iso) / 1000;

/** The markers for one experiment's charts, oldest first. */
export function chartMarkers(
  versions: readonly DefinitionVersion[],
  rollout: RolloutStatus | undefined,
): readonly ChartMarker[] {
  const published = versions.flatMap((version): ChartMarker[] =>
    version.uploadedAt
      ? [
          {
            kind: 'version',
            at: seconds(version.uploadedAt),
            label: `v${version.version} ${version.origin}`.trim(),
            detail: `definitions version ${version.version} (${version.origin})`,
            stopped: false,
          },
        ]
      : [],
  );
  const transitions = (rollout?.history ?? []).map(
    (transition): ChartMarker => ({
      kind: 'rollout',
      at: seconds(transition.at),
      label: transitionLabel(transition),
      detail: transition.reason,
      stopped: ['rolled-back', 'aborted', 'paused'].includes(transition.state),
    }),
  );
  return Object.freeze([...published, ...transitions].sort((a, b) => a.at - b.at));
}
