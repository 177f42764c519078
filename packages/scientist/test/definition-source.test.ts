import { expect, test } from 'vitest';
import { storeDefinitionLoader } from '../src/definition-source.js';
import { InMemoryStore } from '../src/in-memory-store.js';

const env = { AWS_REGION: 'eu-west-1', AWS_ACCOUNT_ID: '000000000000' };
const experiments = `experiments:
  round:
    path: round
    control: { name: Control, arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:control-round" }
    candidates:
      fast: { name: Fast, arn: "arn:aws:lambda:{AWSREGION}:{AWSACCOUNT_ID}:function:candidate-round-fast" }
`;

/** The in-memory store behind a connection that takes `delayMs` per read and gives up when aborted. */
function slowStore(store: InMemoryStore, delayMs: number) {
  return {
    currentDefinition: (options?: { abortSignal?: AbortSignal }) =>
      new Promise<Awaited<ReturnType<InMemoryStore['currentDefinition']>>>((resolve, reject) => {
        const timer = setTimeout(() => resolve(store.currentDefinition()), delayMs);
        options?.abortSignal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(options.abortSignal?.reason);
        });
      }),
  };
}

test('until the store has answered once, a read may take longer; later reads keep to the short deadline', async () => {
  const store = new InMemoryStore();
  await store.publishDefinition(experiments, 'upload');
  const load = storeDefinitionLoader(slowStore(store, 120), env, { timeoutMs: 40, firstTimeoutMs: 400 });
  // The cold start's read waits for the slow store rather than routing by the deployed file.
  const first = await load();
  expect(first?.version).toBe(1);
  expect(first?.experiments.map((experiment) => experiment.id)).toEqual(['round']);
  // With a version in hand, a slow read gives up soon: the cache keeps what it has.
  await expect(load()).rejects.toThrow(/timeout|abort/i);
});

test('a store with nothing uploaded also counts as having answered', async () => {
  const store = new InMemoryStore();
  const load = storeDefinitionLoader(slowStore(store, 120), env, { timeoutMs: 40, firstTimeoutMs: 400 });
  expect(await load()).toBeUndefined();
  await expect(load()).rejects.toThrow(/timeout|abort/i);
});
