import {
  commandRollout,
  type Experiment,
  evaluateRollout,
  type GateReading,
  InvalidValueError,
  initialRolloutState,
  parseExperimentsDocument,
  promoteCandidate,
  type RolloutCommand,
  type RolloutState,
  readGates,
  restartRollout,
  rolloutPlanKey,
} from '@serverless-scientist/core';
import { type Clock, systemClock } from '../clock.js';
import { type PlaceholderEnv, parseDefinitions } from '../definition-source.js';
import type { DefinitionStore, StoredDefinition } from '../definition-store.js';
import { RolloutError, StoreError } from '../errors.js';
import { checkExperiments } from '../experiments-publication.js';
import type { ResultsStore } from '../results/results-store.js';
import { type RolloutStatus, rolloutStatusOf } from './rollout-status.js';
import type { RolloutStore, StoredRollout } from './rollout-store.js';
import { readStepEvidence } from './step-evidence.js';

/** A promotion left unpublished this long (its evaluator died between the two writes) is taken over. */
const PROMOTION_TAKEOVER_MS = 30_000;

const NO_EVIDENCE = {
  compared: 0,
  matches: 0,
  runs: 0,
  failures: 0,
  latencyVerdict: 'inconclusive',
} as const;

export interface RolloutServiceOptions {
  readonly store: DefinitionStore & RolloutStore & Pick<ResultsStore, 'resultsBetween' | 'aggregates'>;
  /** Placeholder values, as the proxy fills them in. */
  readonly env: PlaceholderEnv;
  readonly clock?: Clock;
}

/** The stored definitions, the experiment asked about in them, and its rollout as it stands. */
interface RolloutContext {
  readonly definition: StoredDefinition;
  readonly experiment: Experiment;
  readonly stored: StoredRollout;
}

/**
 * Staged rollouts, decided by the core's pure evaluator on the evidence stored since each step
 * began. Every change is one conditional write on the rollout's revision, so evaluators running
 * at once (the runner's trigger, the schedule, a person's command) never take a step twice: the
 * one that loses reads what the winner wrote. At 100% with every gate passing, the candidate is
 * promoted in the stored definitions (the user's file is theirs: `experiments pull` brings it back).
 */
export class RolloutService {
  private readonly clock: Clock;

  constructor(private readonly options: RolloutServiceOptions) {
    this.clock = options.clock ?? systemClock;
  }

  async status(experimentId: string): Promise<RolloutStatus> {
    const context = await this.reconciled(experimentId);
    return this.statusOf(context);
  }

  /** What a person asks: start, pause, resume or abort; refused where the state does not allow it. */
  async command(experimentId: string, command: RolloutCommand): Promise<RolloutStatus> {
    const context = await this.reconciled(experimentId);
    const { experiment, stored } = context;
    if (!experiment.rollout || stored.planKey !== rolloutPlanKey(experiment))
      throw new RolloutError(
        `experiment '${experimentId}' has no rollout plan in stored version ${context.definition.version}; add a rollout section to experiments.yaml and upload it (docs/reference/rollouts.md)`,
      );
    let state: RolloutState;
    try {
      state = commandRollout(stored.plan, stored.state, command, new Date(this.clock.now()));
    } catch (error) {
      if (error instanceof InvalidValueError) throw new RolloutError(`${error.message} (${experimentId})`);
      throw error;
    }
    const next = { ...stored, state };
    if (!(await this.options.store.writeRollout(next, stored.state.revision)))
      throw new RolloutError(
        `the rollout of ${experimentId} changed while this command ran (an evaluation or another command); look at \`scientist rollout ${experimentId} status\` and ask again`,
      );
    return this.statusOf({ ...context, stored: next });
  }

  /**
   * One evaluation: a running rollout advances, waits, rolls back or pauses on its step's
   * evidence, and at its last step is promoted. Idempotent: call it whenever it may be due.
   */
  async evaluate(experimentId: string): Promise<RolloutStatus> {
    const context = await this.reconciled(experimentId);
    const { experiment, definition } = context;
    let { stored } = context;
    const now = this.clock.now();
    const { state } = stored;
    if (state.state === 'running' && stored.planKey === rolloutPlanKey(experiment)) {
      const reading = await readStepEvidence(
        this.options.store,
        experiment,
        stored.plan.candidate,
        state.stepStartedAt ?? new Date(now).toISOString(),
        now,
      );
      const evaluation = evaluateRollout(stored.plan, state, reading.evidence, new Date(now));
      if (!evaluation.changed) return this.statusOf(context, reading);
      const next = { ...stored, state: evaluation.state };
      if (!(await this.options.store.writeRollout(next, state.revision))) return this.status(experimentId);
      stored = next;
      if (next.state.state === 'promoted') stored = await this.promote(definition, experiment, next);
    } else if (this.promotionLeftUnpublished(stored, experiment, now)) {
      // Claim it first, so that of two evaluators taking over only one publishes.
      const claimed = { ...stored, state: { ...state, revision: state.revision + 1 } };
      if (await this.options.store.writeRollout(claimed, state.revision))
        stored = await this.promote(definition, experiment, claimed);
    }
    return this.statusOf({ ...context, stored });
  }

  /** Every experiment with a plan, or with a rollout still in force: what the schedule runs. */
  async evaluateAll(): Promise<RolloutStatus[]> {
    const definition = await this.options.store.currentDefinition();
    if (!definition) return [];
    const { experiments } = parseDefinitions(
      definition.source,
      this.options.env,
      `stored version ${definition.version}`,
    );
    const stored = new Map(
      (await this.options.store.rollouts()).map((rollout) => [rollout.experiment, rollout]),
    );
    const due = experiments.filter(
      (experiment) =>
        experiment.rollout || ['running', 'paused'].includes(stored.get(experiment.id)?.state.state ?? ''),
    );
    const statuses: RolloutStatus[] = [];
    for (const experiment of due) statuses.push(await this.evaluate(experiment.id));
    return statuses;
  }

  /**
   * The experiment and its rollout, with what an upload changed applied first: a new plan
   * restarts the rollout, a plan taken away ends it; both say so in the history.
   */
  private async reconciled(experimentId: string): Promise<RolloutContext> {
    const { store, env } = this.options;
    const definition = await store.currentDefinition();
    if (!definition)
      throw new RolloutError('no experiment definitions are stored yet; upload experiments.yaml first');
    const where = `stored version ${definition.version}`;
    const experiment = parseDefinitions(definition.source, env, where).experiments.find(
      (entry) => entry.id === experimentId,
    );
    if (!experiment) throw new RolloutError(`no experiment '${experimentId}' in ${where}`);
    const stored = await store.rollout(experimentId);
    const planKey = rolloutPlanKey(experiment);
    const now = new Date(this.clock.now());
    if (planKey && experiment.rollout && stored?.planKey !== planKey) {
      const plan = experiment.rollout;
      if (!stored)
        return {
          definition,
          experiment,
          stored: { experiment: experimentId, planKey, plan, state: initialRolloutState },
        };
      const restarted: StoredRollout = {
        experiment: experimentId,
        planKey,
        plan,
        state: restartRollout(
          stored.state,
          now,
          `${where} changes the rollout's plan: it starts again from pending`,
        ),
      };
      return this.written(definition, experiment, restarted, stored.state.revision);
    }
    if (!stored)
      throw new RolloutError(
        `experiment '${experimentId}' has no rollout plan in ${where}; add a rollout section to experiments.yaml and upload it (docs/reference/rollouts.md)`,
      );
    if (!planKey && (stored.state.state === 'running' || stored.state.state === 'paused')) {
      const reason = `aborted: ${where} has no rollout plan, so the control serves everyone`;
      const ended: StoredRollout = {
        ...stored,
        state: commandRollout(stored.plan, stored.state, 'abort', now, reason),
      };
      return this.written(definition, experiment, ended, stored.state.revision);
    }
    return { definition, experiment, stored };
  }

  private async written(
    definition: StoredDefinition,
    experiment: Experiment,
    next: StoredRollout,
    expectedRevision: number,
  ): Promise<RolloutContext> {
    if (await this.options.store.writeRollout(next, expectedRevision))
      return { definition, experiment, stored: next };
    const now = await this.options.store.rollout(experiment.id);
    return { definition, experiment, stored: now ?? next };
  }

  /**
   * Publishes the promotion (the candidate becomes the control, the old control a candidate) as
   * the next definitions version, then records it on the rollout with the old control's time.
   */
  private async promote(
    first: StoredDefinition,
    experiment: Experiment,
    stored: StoredRollout,
  ): Promise<StoredRollout> {
    const { store, env } = this.options;
    const { plan } = stored;
    let definition: StoredDefinition | undefined = first;
    for (let attempt = 0; attempt < 3 && definition; attempt++) {
      const promoted = promoteCandidate(
        parseExperimentsDocument(definition.source),
        experiment.id,
        plan.candidate,
      );
      const check = checkExperiments(promoted.text, `stored version ${definition.version}, promoted`, {
        env,
      });
      if (!check.ok)
        throw new RolloutError(
          `promoting ${plan.candidate} in ${experiment.id} gives definitions that are not valid: ${check.problems[0]}`,
        );
      try {
        const now = this.clock.now();
        const published = await store.publishDefinition(
          check.source,
          `rollout ${experiment.id}: promoted ${plan.candidate}`,
          now,
        );
        const former = check.experiments
          .find((entry) => entry.id === experiment.id)
          ?.candidates.find((candidate) => candidate.functionName === experiment.control.functionName);
        const done: StoredRollout = {
          ...stored,
          state: { ...stored.state, revision: stored.state.revision + 1 },
          promotedVersion: published.version,
          ...(former ? { oldControl: { candidateId: former.id, untilMs: now + plan.keepOldControlMs } } : {}),
        };
        return (await store.writeRollout(done, stored.state.revision))
          ? done
          : ((await store.rollout(experiment.id)) ?? done);
      } catch (error) {
        // Another publisher took the version: promote on top of what it published.
        if (!(error instanceof StoreError) || !/publish again/.test(error.message)) throw error;
        definition = await store.currentDefinition();
      }
    }
    throw new RolloutError(
      `could not publish the promotion of ${plan.candidate} in ${experiment.id}: the definitions kept changing`,
    );
  }

  private promotionLeftUnpublished(stored: StoredRollout, experiment: Experiment, now: number): boolean {
    if (stored.state.state !== 'promoted' || stored.promotedVersion !== undefined) return false;
    const at = Date.parse(stored.state.history.at(-1)?.at ?? '');
    const stillCandidate = experiment.candidates.some((candidate) => candidate.id === stored.plan.candidate);
    return stillCandidate && now - at >= PROMOTION_TAKEOVER_MS;
  }

  private async statusOf(
    context: RolloutContext,
    known?: Awaited<ReturnType<typeof readStepEvidence>>,
  ): Promise<RolloutStatus> {
    const { stored, experiment, definition } = context;
    const { state, plan } = stored;
    const live = (state.state === 'running' || state.state === 'paused') && state.stepStartedAt !== null;
    const reading =
      known ??
      (live
        ? await readStepEvidence(
            this.options.store,
            experiment,
            plan.candidate,
            state.stepStartedAt!,
            this.clock.now(),
          )
        : undefined);
    const gates: readonly GateReading[] = reading
      ? readGates(plan.gates, reading.evidence)
      : (state.history.at(-1)?.gates ?? readGates(plan.gates, NO_EVIDENCE));
    return rolloutStatusOf(stored, gates, definition.version, reading);
  }
}
