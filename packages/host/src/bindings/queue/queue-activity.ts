import { EventEmitter } from 'node:events';
import type { InvocationOutcome } from '../../channel/invocation-outcome.js';
import { StorageWrites } from '../storage-writes.js';

/** A message of a queue the host listens to, run to its end (success, retry or poison). */
export interface QueueMessageRun {
  /** The queue's URL (account and name). */
  readonly queueUrl: string;
  readonly messageId: string;
  readonly outcome: InvocationOutcome;
}

/**
 * What the host's queue listeners and writers tell each other, in-process: a write to a queue wakes its
 * listener at once instead of after its back-off ({@link StorageWrites}), and each run of a message is announced, so that a caller can wait for the one it enqueued.
 */
export class QueueActivity extends StorageWrites {
  readonly #events = new EventEmitter().setMaxListeners(0);

  /** A function ran for a message. */
  ran(run: QueueMessageRun): void {
    this.#events.emit(`ran:${run.queueUrl}:${run.messageId}`, run);
  }

  /** Resolves with the next run for this message. */
  nextRun(queueUrl: string, messageId: string): Promise<QueueMessageRun> {
    return new Promise((resolve) => this.#events.once(`ran:${queueUrl}:${messageId}`, resolve));
  }
}
