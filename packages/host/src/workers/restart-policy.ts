/** The reference host's error window: errors older than this are forgotten. */
export const ERROR_WINDOW_MS = 30 * 60_000;

/** Options of {@link RestartPolicy}. */
export interface RestartPolicyOptions {
  /** Worker processes of the host; the budget is 3 × this. */
  readonly processCount: number;
  /** First backoff delay; doubled for every further error in the window. Default 100 ms. */
  readonly initialBackoffMs?: number;
  /** Upper bound of the backoff; default 10 s (the reference host's processRestartInterval). */
  readonly maxBackoffMs?: number;
  /** First delay once the budget is spent; doubled for every further error. Default 1 s. */
  readonly recoveryBackoffMs?: number;
  /** Upper bound of the delay once the budget is spent; default 60 s. */
  readonly maxRecoveryBackoffMs?: number;
}

/** What to do after a worker error. */
export interface RestartDecision {
  /** How long to wait before starting a new worker. */
  readonly delayMs: number;
  /** True once the errors in the window reached the budget: restarts go on, further apart. */
  readonly overBudget: boolean;
}

/**
 * Decides how long to wait before a failed worker is replaced. Within the reference host's budget — fewer than
 * 3 × processCount errors (the current one included) in a sliding 30-minute window, which restarts when an
 * error comes more than 30 minutes after the previous one — with its exponential backoff. Where the reference
 * host then restarts itself and starts counting again, this host keeps restarting the worker, with a delay
 * that grows from 1 s to a minute, so that a function that crashes its worker cannot take the app down for good.
 */
export class RestartPolicy {
  readonly threshold: number;
  readonly #errors: number[] = [];
  readonly #initialBackoffMs: number;
  readonly #maxBackoffMs: number;
  readonly #recoveryBackoffMs: number;
  readonly #maxRecoveryBackoffMs: number;

  constructor(options: RestartPolicyOptions) {
    this.threshold = 3 * Math.max(1, options.processCount);
    this.#initialBackoffMs = options.initialBackoffMs ?? 100;
    this.#maxBackoffMs = options.maxBackoffMs ?? 10_000;
    this.#recoveryBackoffMs = options.recoveryBackoffMs ?? 1000;
    this.#maxRecoveryBackoffMs = options.maxRecoveryBackoffMs ?? 60_000;
  }

  /** Errors counted in the current window. */
  get errorCount(): number {
    return this.#errors.length;
  }

  /** True while the errors in the window reach the budget. */
  get overBudget(): boolean {
    return this.#errors.length >= this.threshold;
  }

  /** Records one worker error and decides the delay before the next worker. */
  recordError(now = Date.now()): RestartDecision {
    const last = this.#errors.at(-1);
    if (last !== undefined && now - last > ERROR_WINDOW_MS) this.#errors.length = 0;
    this.#errors.push(now);
    const count = this.#errors.length;
    if (count < this.threshold) {
      return {
        delayMs: Math.min(this.#maxBackoffMs, this.#initialBackoffMs * 2 ** (count - 1)),
        overBudget: false,
      };
    }
    const beyond = Math.min(count - this.threshold, 30);
    return {
      delayMs: Math.min(this.#maxRecoveryBackoffMs, this.#recoveryBackoffMs * 2 ** beyond),
      overBudget: true,
    };
  }
}
