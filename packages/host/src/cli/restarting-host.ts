import type { RunningHost } from '../host.js';

/** What {@link RestartingHost} reports as it replaces the host. */
export interface RestartReport {
  restarting(file: string): void;
  started(host: RunningHost, elapsedMs: number): void;
  failed(error: Error): void;
}

/**
 * Keeps one host running and replaces it, stop then start, after each change that calls for a restart.
 * Restarts run one at a time; a start that fails leaves no host until the next change, as a broken save
 * must not end `fnrpc start`.
 */
export class RestartingHost {
  #current: RunningHost | undefined;
  #queue: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(
    first: RunningHost,
    private readonly startHost: () => Promise<RunningHost>,
    private readonly report: RestartReport,
  ) {
    this.#current = first;
  }

  /** Queues a restart for a change to `file` (relative to the app folder). */
  restart(file: string): void {
    this.#queue = this.#queue.then(() => this.#replace(file));
  }

  /** Lets a running restart finish, then stops the host. Safe to call twice. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#queue;
    await this.#current?.stop();
  }

  async #replace(file: string): Promise<void> {
    if (this.#stopped) return;
    this.report.restarting(file);
    const began = performance.now();
    const previous = this.#current;
    this.#current = undefined;
    await previous?.stop();
    try {
      this.#current = await this.startHost();
      this.report.started(this.#current, performance.now() - began);
    } catch (error) {
      this.report.failed(error instanceof Error ? error : new Error(String(error)));
    }
  }
}
