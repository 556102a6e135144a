/** The reference host's error window: errors older than this are forgotten. */
export const ERROR_WINDOW_MS = 30 * 60_000;

/** Options of {@link RestartPolicy}. */
export interface RestartPolicyOptions {
  /** Worker processes of the host; the threshold is 3 × this. */
  readonly processCount: number;
  /** First backoff delay; doubled for every further error in the window. Default 100 ms. */
  readonly initialBackoffMs?: number;
  /** Upper bound of the backoff; default 10 s (the reference host's processRestartInterval). */
  readonly maxBackoffMs?: number;
}

/**
 * Decides whether a failed worker is restarted and after how long: as in the reference host, a worker is
 * restarted while fewer than 3 × processCount errors (the current one included) happened within a sliding
 * 30-minute window (the window restarts when an error comes more than 30 minutes after the
 * previous one), with an exponential backoff between restarts.
 */
export class RestartPolicy {
  readonly threshold: number;
  readonly #errors: number[] = [];
  readonly #initialBackoffMs: number;
  readonly #maxBackoffMs: number;

  constructor(options: RestartPolicyOptions) {
    this.threshold = 3 * Math.max(1, options.processCount);
    this.#initialBackoffMs = options.initialBackoffMs ?? 100;
    this.#maxBackoffMs = options.maxBackoffMs ?? 10_000;
  }

  /** Errors counted in the current window. */
  get errorCount(): number {
    return this.#errors.length;
  }

  /**
   * Records one worker error.
   *
   * @returns the delay before the restart, or undefined when the threshold is exceeded and the worker must
   * not be restarted.
   */
  recordError(now = Date.now()): number | undefined {
    const last = this.#errors.at(-1);
    if (last !== undefined && now - last > ERROR_WINDOW_MS) this.#errors.length = 0;
    this.#errors.push(now);
    if (this.#errors.length >= this.threshold) return undefined;
    return Math.min(this.#maxBackoffMs, this.#initialBackoffMs * 2 ** (this.#errors.length - 1));
  }
}
