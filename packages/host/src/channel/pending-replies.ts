import {
  isMessageOf,
  type MessageKind,
  type MessagePayload,
  type StreamingMessage,
} from '@functions-rpc/protocol';
import { setLongTimeout, type LongTimeout } from '../time/long-timeout.js';

interface Waiter {
  accept(message: StreamingMessage): boolean;
  reject(error: Error): void;
}

/**
 * Replies the host waits for, matched by message kind and a predicate (ids inside the payload, or the
 * request_id for status checks) — never by request_id alone, since some workers stamp their own.
 * Waiters are tried in the order they were registered, so same-kind replies are matched first-come.
 */
export class PendingReplies {
  readonly #waiters = new Set<Waiter>();
  #closedWith: Error | undefined;

  /**
   * Resolves with the payload of the first message of `kind` that satisfies `match`.
   *
   * @param timeoutMs undefined waits without limit.
   * @throws Error (rejection) on timeout (naming `what`), or when {@link rejectAll} is or was called.
   */
  wait<K extends MessageKind>(
    kind: K,
    what: string,
    timeoutMs: number | undefined,
    match: (payload: MessagePayload<K>, message: StreamingMessage) => boolean = () => true,
  ): Promise<MessagePayload<K>> {
    if (this.#closedWith) return Promise.reject(this.#closedWith);
    return new Promise<MessagePayload<K>>((resolvePromise, reject) => {
      // Deferred conditional types trip the inference of `resolve`'s parameter; name the type once.
      const resolve = resolvePromise as (value: MessagePayload<K>) => void;
      let timer: LongTimeout | undefined;
      const waiter: Waiter = {
        accept: (message) => {
          if (!isMessageOf(message, kind)) return false;
          const payload = (message.content as { value: unknown }).value as MessagePayload<K>;
          if (!match(payload, message)) return false;
          timer?.clear();
          resolve(payload);
          return true;
        },
        reject: (error) => {
          timer?.clear();
          reject(error);
        },
      };
      if (timeoutMs !== undefined) {
        timer = setLongTimeout(() => {
          this.#waiters.delete(waiter);
          reject(new Error(`${what} did not arrive within ${timeoutMs} ms`));
        }, timeoutMs);
      }
      this.#waiters.add(waiter);
    });
  }

  /** Hands a message to the first waiter that takes it; false if none did. */
  deliver(message: StreamingMessage): boolean {
    for (const waiter of this.#waiters) {
      if (waiter.accept(message)) {
        this.#waiters.delete(waiter);
        return true;
      }
    }
    return false;
  }

  /** Rejects every waiter, and every later one (the channel is gone). */
  rejectAll(error: Error): void {
    this.#closedWith = error;
    for (const waiter of this.#waiters) waiter.reject(error);
    this.#waiters.clear();
  }
}
