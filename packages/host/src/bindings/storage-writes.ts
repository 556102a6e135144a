import { EventEmitter } from 'node:events';

/**
 * Writes the host itself makes to storage, told in-process to whoever watches the place written (a queue, a
 * blob container), keyed by its URL: a listener wakes at once instead of after its poll interval, as the
 * reference host's shared queue watcher and its blob-written notifications do.
 */
export class StorageWrites {
  readonly #events = new EventEmitter().setMaxListeners(0);

  /** Something was written to the queue or container at `url`. */
  written(url: string): void {
    this.#events.emit(`written:${url}`);
  }

  /** Calls `listener` on each write to the queue or container at `url`; returns the unsubscribe function. */
  onWritten(url: string, listener: () => void): () => void {
    this.#events.on(`written:${url}`, listener);
    return () => this.#events.off(`written:${url}`, listener);
  }
}
