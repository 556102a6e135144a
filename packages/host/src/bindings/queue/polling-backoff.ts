/** The first and shortest wait between polls, as the reference listener's. */
const MIN_DELAY_MS = 100;

/**
 * The reference queue listener's randomized exponential back-off (BINDINGS.md 2.3 step 6): 100 ms after a poll
 * that found work, then about 200, 300, 500, 900 ms … (each ±20 %) while polls find nothing, capped at the
 * maximum polling interval.
 */
export class PollingBackoff {
  readonly #maxMs: number;
  #exponent = 0;

  constructor(maxMs: number) {
    this.#maxMs = maxMs;
  }

  /** A poll found work: the next empty poll starts from the shortest wait again. */
  reset(): void {
    this.#exponent = 0;
  }

  /** The wait after a poll that found nothing (or failed). */
  next(random: () => number = Math.random): number {
    if (this.#exponent === 0) {
      this.#exponent = 1;
      return MIN_DELAY_MS;
    }
    const grown = MIN_DELAY_MS + (0.8 + random() * 0.4) * 2 ** (this.#exponent - 1) * MIN_DELAY_MS;
    if (grown < this.#maxMs) this.#exponent++;
    return Math.min(grown, this.#maxMs);
  }
}
