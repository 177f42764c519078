import { deployerPlaceholderEnv, RolloutService } from '@serverless-scientist/scientist';
import { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { deploymentFor } from '../deployment-view.js';
import { rolloutStatusText } from '../rollout-status-text.js';
import { addStoreFlags, type StoreFlags, storeFor } from '../store-flags.js';

const ACTIONS = ['start', 'status', 'pause', 'resume', 'abort'] as const;
type Action = (typeof ACTIONS)[number];

/**
 * A person's side of a staged rollout: the scientist's rollout service decides and stores; this
 * asks it and prints what it says. Evaluation is the runner's and the schedule's, not the CLI's.
 */
export function rolloutCommand(): Command {
  return addStoreFlags(
    new Command('rollout')
      .description("start, show, pause, resume or abort the staged rollout of an experiment's rollout plan")
      .argument('<experiment>', 'experiment id')
      .argument('<action>', ACTIONS.join(' | '))
      .option(
        '--json',
        'print {experiment, candidate, state, step, percent, gates: [{name, status, value, bound, detail}], history: [{at, from, to, state, reason}], plan, …}',
      )
      .addHelpText(
        'after',
        "\nThe plan is the experiment's `rollout` section in the stored definitions; the scientist advances, rolls back and promotes on its own (docs/reference/rollouts.md).",
      ),
  ).action(async (experiment: string, action: Action, flags: StoreFlags & { json?: boolean }) => {
    if (!ACTIONS.includes(action))
      throw new CliError(`unknown action '${action}'; one of ${ACTIONS.join(', ')}`);
    const env = (await deploymentFor(flags, true))?.proxyEnv ?? deployerPlaceholderEnv();
    const store = await storeFor(flags);
    try {
      const service = new RolloutService({ store, env });
      const status =
        action === 'status' ? await service.status(experiment) : await service.command(experiment, action);
      process.stdout.write(flags.json ? `${JSON.stringify(status, null, 2)}\n` : rolloutStatusText(status));
    } catch (error) {
      // The service's refusals (no plan, a state that refuses the command) are the reason as they stand.
      if ((error as Error).name === 'RolloutError')
        throw new CliError((error as Error).message, 1, { cause: error });
      throw new CliError(`rollout ${action} failed: ${(error as Error).message}`, 1, { cause: error });
    } finally {
      store.destroy();
    }
  });
}
