import { MAX_TIMER_MS } from '../time/long-timeout.js';

/** Calls `onExpired(item, timeoutMs)` for an item still queued `timeoutMs` after it was added. */
export type ExpiryHandler<T> = (item: T, timeoutMs: number) => void;

/**
 * Deadlines of many items on one timer, instead of a timer per item: items are grouped by their timeout, so
 * each group expires in the order it was filled, and the timer is armed for the earliest deadline only.
 * Adding and removing are O(1); an item removed before its deadline costs nothing more.
 */
export class DeadlineQueue<T> {
  readonly #onExpired: ExpiryHandler<T>;
  /** Per timeout: items in the order they were added, with their deadlines (performance.now() ms). */
  readonly #groups = new Map<number, Map<T, number>>();
  #size = 0;
  #timer: NodeJS.Timeout | undefined;
  /** When the armed timer fires, in performance.now() ms. */
  #armedFor = Infinity;

  constructor(onExpired: ExpiryHandler<T>) {
    this.#onExpired = onExpired;
  }

  /** Queues `item` to expire `timeoutMs` from now. */
  add(item: T, timeoutMs: number): void {
    let group = this.#groups.get(timeoutMs);
    if (!group) {
      group = new Map();
      this.#groups.set(timeoutMs, group);
    }
    const deadline = performance.now() + timeoutMs;
    group.set(item, deadline);
    if (this.#size++ === 0) this.#timer?.ref();
    if (deadline < this.#armedFor) this.#arm(deadline);
  }

  /** Removes an item before its deadline (no-op when it is not queued). */
  delete(item: T, timeoutMs: number): void {
    if (!this.#groups.get(timeoutMs)?.delete(item)) return;
    // With nothing left to expire the timer stays armed (re-arming per item is what this class saves) but
    // must not keep the process alive.
    if (--this.#size === 0) this.#timer?.unref();
  }

  /**
   * Drops every item and disarms the timer. Its callback holds this queue and whatever the handler
   * reaches (a whole worker channel), so a queue whose owner is done must not leave it armed.
   */
  clear(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#armedFor = Infinity;
    this.#groups.clear();
    this.#size = 0;
  }

  #arm(deadline: number): void {
    clearTimeout(this.#timer);
    this.#armedFor = deadline;
    // Capped: a deadline beyond what a timer holds is reached by expiring early with nothing due and re-arming.
    const delay = Math.min(MAX_TIMER_MS, Math.max(1, Math.ceil(deadline - performance.now())));
    this.#timer = setTimeout(() => this.#expire(), delay);
    if (this.#size === 0) this.#timer.unref();
  }

  #expire(): void {
    this.#timer = undefined;
    this.#armedFor = Infinity;
    const now = performance.now();
    const expired: { item: T; timeoutMs: number; deadline: number }[] = [];
    let next = Infinity;
    for (const [timeoutMs, group] of this.#groups) {
      for (const [item, deadline] of group) {
        if (deadline > now) {
          next = Math.min(next, deadline);
          break;
        }
        group.delete(item);
        this.#size--;
        expired.push({ item, timeoutMs, deadline });
      }
    }
    if (next !== Infinity) this.#arm(next);
    // Groups are walked one after the other; when the timer ran late, items of several groups are due at
    // once and go in the order of their deadlines. Handlers run once the queue is consistent, since they
    // may add or remove items.
    expired.sort((a, b) => a.deadline - b.deadline);
    for (const { item, timeoutMs } of expired) this.#onExpired(item, timeoutMs);
  }
}
