import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DeadlineQueue } from './deadline-queue.js';

const tick = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('DeadlineQueue', () => {
  it('expires the items still queued, in order, with their timeout, and skips removed ones', async () => {
    const expired: string[] = [];
    const queue = new DeadlineQueue<string>((item, timeoutMs) => expired.push(`${item}/${timeoutMs}`));
    queue.add('a', 20);
    queue.add('b', 20);
    queue.add('c', 5);
    queue.add('d', 20);
    queue.delete('b', 20);
    queue.delete('x', 20);
    await tick(80);
    assert.deepEqual(expired, ['c/5', 'a/20', 'd/20']);
  });

  it('expires items of different timeouts in deadline order when the timer runs late', async () => {
    const expired: string[] = [];
    const queue = new DeadlineQueue<string>((item, timeoutMs) => expired.push(`${item}/${timeoutMs}`));
    queue.add('later', 20);
    queue.add('sooner', 5);
    // A blocked event loop: by the time the timer runs, both are due.
    const blockedUntil = performance.now() + 40;
    while (performance.now() < blockedUntil);
    await tick(20);
    assert.deepEqual(expired, ['sooner/5', 'later/20']);
  });

  it('keeps working after it emptied: items added later still expire', async () => {
    const expired: number[] = [];
    const queue = new DeadlineQueue<number>((item) => expired.push(item));
    queue.add(1, 5);
    queue.delete(1, 5);
    queue.add(2, 10);
    await tick(60);
    assert.deepEqual(expired, [2]);
  });

  it('forgets everything on clear, and works again for items added afterwards', async () => {
    const expired: number[] = [];
    const queue = new DeadlineQueue<number>((item) => expired.push(item));
    queue.add(1, 5);
    queue.add(2, 10);
    queue.clear();
    queue.add(3, 10);
    await tick(60);
    assert.deepEqual(expired, [3]);
  });

  it('lets a handler queue again from inside the expiry', async () => {
    const expired: number[] = [];
    const queue = new DeadlineQueue<number>((item) => {
      expired.push(item);
      if (item < 3) queue.add(item + 1, 5);
    });
    queue.add(1, 5);
    await tick(100);
    assert.deepEqual(expired, [1, 2, 3]);
  });
});
