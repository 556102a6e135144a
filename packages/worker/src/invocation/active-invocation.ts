import type { MessagePayloadInit } from '@functions-rpc/protocol';

/** An InvocationResponse as the worker builds it. */
export type InvocationResponseInit = MessagePayloadInit<'invocationResponse'>;

/**
 * One invocation between its InvocationRequest and its InvocationResponse. It guarantees exactly one
 * response (whoever answers first wins: the invocation itself, or a terminating worker) and owns the
 * invocation's AbortSignal, created only when someone asks for it.
 */
export class ActiveInvocation {
  /** The programming model's context object, once built (log hooks receive it). */
  invocationContext: unknown;
  /** RpcLog.category of this invocation's logs: `<FunctionName>.Invocation`. */
  logCategory = '';
  #controller: AbortController | undefined;
  #cancelReason: string | undefined;
  #answered = false;
  readonly #send: (response: InvocationResponseInit) => void;

  constructor(
    readonly invocationId: string,
    send: (response: InvocationResponseInit) => void,
  ) {
    this.#send = send;
  }

  /** Aborted when the host cancels the invocation or the worker terminates before it is done. */
  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#cancelReason !== undefined) this.#controller.abort(cancellationError(this.#cancelReason));
    }
    return this.#controller.signal;
  }

  /** True once cancelled. */
  get isCancelled(): boolean {
    return this.#cancelReason !== undefined;
  }

  /** Why it was cancelled, if it was. */
  get cancelReason(): string | undefined {
    return this.#cancelReason;
  }

  /** True once a response was sent. */
  get isAnswered(): boolean {
    return this.#answered;
  }

  /** Marks the invocation cancelled and aborts its signal (if anyone holds it). */
  cancel(reason: string): void {
    if (this.#cancelReason !== undefined) return;
    this.#cancelReason = reason;
    this.#controller?.abort(cancellationError(reason));
  }

  /**
   * Sends the response unless one was sent already.
   *
   * @returns false when the invocation had been answered before.
   */
  answer(response: InvocationResponseInit): boolean {
    if (this.#answered) return false;
    this.#answered = true;
    this.#send(response);
    return true;
  }
}

/** The reason an aborted invocation signal carries: a DOMException named AbortError, as fetch uses. */
function cancellationError(reason: string): DOMException {
  return new DOMException(reason, 'AbortError');
}
