import { expect, test } from 'vitest';
import { InvocationHolder } from '../src/aws/internal-extension.js';

/**
 * The extension's side of the Extensions API, driven in process: `next` stands for `event/next`,
 * each call answered when the test delivers an event, as the Runtime API does.
 */
function extensionApi(order: string[]) {
  const pending: ((body: string) => void)[] = [];
  return {
    next: () => {
      order.push('extension asks for its next event');
      return new Promise<{ status: number; identifier: string; body: string }>((resolve) => {
        pending.push((body) => resolve({ status: 200, identifier: 'id', body }));
      });
    },
    deliver: (eventType: 'INVOKE' | 'SHUTDOWN') => pending.shift()?.(JSON.stringify({ eventType })),
    asked: () => pending.length,
  };
}

/** A runtime that posts the handler's result after a few awaits of its own, as runtimes do. */
async function invoke(holder: InvocationHolder, order: string[], work?: Promise<unknown>): Promise<void> {
  const handler = async () => {
    try {
      if (work) holder.hold(work);
      return 'answer';
    } finally {
      holder.returned();
    }
  };
  const result = await handler();
  for (let i = 0; i < 10; i++) await Promise.resolve();
  order.push(`runtime posts the ${result}`);
}

test('with nothing held, the extension asks for its next event only after the runtime has posted the answer', async () => {
  const order: string[] = [];
  const api = extensionApi(order);
  const holder = new InvocationHolder();
  void holder.serve(api.next, 'id', () => undefined);
  api.deliver('INVOKE');
  await invoke(holder, order);
  await expect.poll(api.asked).toBe(1);
  expect(order).toEqual([
    'extension asks for its next event',
    'runtime posts the answer',
    'extension asks for its next event',
  ]);
  api.deliver('SHUTDOWN');
});

test('held work keeps the extension from asking until it settles, however long after the answer', async () => {
  const order: string[] = [];
  const api = extensionApi(order);
  const holder = new InvocationHolder();
  void holder.serve(api.next, 'id', () => undefined);
  let finish: () => void = () => undefined;
  const handOff = new Promise<void>((resolve) => {
    finish = resolve;
  }).then(() => order.push('hand-off done'));
  api.deliver('INVOKE');
  await invoke(holder, order, handOff);
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(api.asked()).toBe(0);
  finish();
  await expect.poll(api.asked).toBe(1);
  expect(order.slice(1)).toEqual([
    'runtime posts the answer',
    'hand-off done',
    'extension asks for its next event',
  ]);
  api.deliver('SHUTDOWN');
  expect(holder.active).toBe(true);
});
