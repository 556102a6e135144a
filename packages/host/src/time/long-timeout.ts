/**
 * The longest delay a Node.js timer holds (2^31 - 1 ms, about 24.8 days). A longer one is not refused:
 * Node warns and fires it after 1 ms, so every timer armed from configuration goes through this module.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** A timer started by {@link setLongTimeout}. */
export interface LongTimeout {
  clear(): void;
}

/**
 * `setTimeout` for any delay (a functionTimeout may be any TimeSpan): a delay beyond {@link MAX_TIMER_MS}
 * is waited out in steps of at most that length.
 */
export function setLongTimeout(callback: () => void, ms: number): LongTimeout {
  const due = performance.now() + ms;
  let timer: NodeJS.Timeout;
  const arm = (): void => {
    const left = due - performance.now();
    timer = left > MAX_TIMER_MS ? setTimeout(arm, MAX_TIMER_MS) : setTimeout(callback, Math.max(0, left));
  };
  arm();
  return { clear: () => clearTimeout(timer) };
}
