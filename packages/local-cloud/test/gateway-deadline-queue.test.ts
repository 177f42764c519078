import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, test } from 'vitest';
import { DeadlineQueue } from '../src/gateway/deadline-queue.js';

describe('the deadlines of requests in flight', () => {
  test('expire in order, once, except those settled first', async () => {
    const queue = new DeadlineQueue(40);
    const expired: string[] = [];
    const first = queue.add(() => expired.push('first'));
    const second = queue.add(() => expired.push('second'));
    await sleep(15);
    const third = queue.add(() => expired.push('third'));
    expect(queue.settle(second)).toBe(true);
    await sleep(30);
    // 45 ms in: the first is past its 40 ms, the third (added at 15 ms) is not yet.
    expect(expired).toEqual(['first']);
    expect(queue.settle(first)).toBe(false);
    await sleep(40);
    expect(expired).toEqual(['first', 'third']);
    expect(queue.settle(third)).toBe(false);
    expect(queue.size).toBe(0);
  });

  test('a deadline added after the queue ran empty arms the timer again', async () => {
    const queue = new DeadlineQueue(10);
    const expired: number[] = [];
    queue.add(() => expired.push(1));
    await sleep(40);
    queue.add(() => expired.push(2));
    await sleep(40);
    expect(expired).toEqual([1, 2]);
  });

  test('clear forgets every deadline without calling it', async () => {
    const queue = new DeadlineQueue(10);
    let called = false;
    queue.add(() => {
      called = true;
    });
    queue.clear();
    await sleep(40);
    expect([called, queue.size]).toEqual([false, 0]);
  });
});
