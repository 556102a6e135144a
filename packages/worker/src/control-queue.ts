/**
 * Runs the app-changing requests (init, metadata, load, reload, terminate) one at a time, in arrival
 * order, so that for instance a load request never sees a half-loaded app. Invocations wait for it only
 * while something is queued.
 */
export class ControlQueue {
  #tail: Promise<void> = Promise.resolve();
  #pending = 0;

  /** Resolves once everything queued so far is done, or undefined when nothing is queued. */
  get idle(): Promise<void> | undefined {
    return this.#pending === 0 ? undefined : this.#tail;
  }

  /** Queues `task` after the ones before it; its failure does not stop the queue. */
  run(task: () => Promise<void>): Promise<void> {
    this.#pending++;
    const run = this.#tail.then(task).finally(() => this.#pending--);
    this.#tail = run.catch(() => undefined);
    return run;
  }
}
