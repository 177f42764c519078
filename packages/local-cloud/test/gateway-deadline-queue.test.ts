import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { DeadlineQueue } from '../src/gateway/deadline-queue.js';

// A virtual clock: the order of deadlines is what is tested, not how punctual a busy machine is.
describe('the deadlines of requests in flight', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  test('expire in order, once, except those settled first', () => {
    const queue = new DeadlineQueue(40);
    const expired: string[] = [];
    const first = queue.add(() => expired.push('first'));
    const second = queue.add(() => expired.push('second'));
    vi.advanceTimersByTime(15);
    const third = queue.add(() => expired.push('third'));
    expect(queue.settle(second)).toBe(true);
    vi.advanceTimersByTime(24);
    // 39 ms in: nothing is due yet.
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(1);
    // 40 ms in: the first is due; the third (added at 15 ms) is not until 55 ms.
    expect(expired).toEqual(['first']);
    expect(queue.settle(first)).toBe(false);
    vi.advanceTimersByTime(14);
    expect(expired).toEqual(['first']);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(['first', 'third']);
    expect(queue.settle(third)).toBe(false);
    expect(queue.size).toBe(0);
  });

  test('a deadline added after the queue ran empty arms the timer again', () => {
    const queue = new DeadlineQueue(10);
    const expired: number[] = [];
    queue.add(() => expired.push(1));
    vi.advanceTimersByTime(40);
    queue.add(() => expired.push(2));
    vi.advanceTimersByTime(10);
    expect(expired).toEqual([1, 2]);
  });

  test('clear forgets every deadline without calling it', () => {
    const queue = new DeadlineQueue(10);
    let called = false;
    queue.add(() => {
      called = true;
    });
    queue.clear();
    vi.advanceTimersByTime(40);
    expect([called, queue.size]).toEqual([false, 0]);
  });
});
