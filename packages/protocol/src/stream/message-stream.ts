import { ProtocolError } from '../codec/protocol-error.js';
import type { StreamingMessage } from '../gen/FunctionRpc_pb.js';
import { streamingMessage, type MessageKind, type MessagePayloadInit } from '../message-kind.js';
import type { IncomingMessage } from '../transport/grpc-service.js';
import { GrpcStatus, type CallStatus } from '../transport/grpc-status.js';
import { RpcTransportError } from './transport-error.js';

/**
 * What a {@link MessageStream} drives: one EventStream call of either side. A grpc-js client call fits as it
 * is; the host's server call (server/server-call.ts) implements the same.
 * - 'data': each incoming message, or the ProtocolError that made its bytes unreadable;
 * - 'end': the peer finished writing;
 * - 'status': the call is over, with the status it ended with (OK, or why not);
 * - 'error': the call failed (a grpc-js client emits it before a non-OK 'status').
 */
export interface EventStreamCall {
  /** False once our side has ended or the call is over. */
  readonly writable: boolean;
  write(message: StreamingMessage): boolean;
  /** Ends our side cleanly (a server sends status OK). */
  end(): void;
  /**
   * Ends the call at once: a client resets it, so the peer sees CANCELLED; a server sends `status`
   * (CANCELLED when omitted). A no-op once our side has ended.
   */
  cancel(status?: CallStatus): void;
  on(event: 'data', listener: (message: IncomingMessage) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  on(event: 'status', listener: (status: CallStatus) => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
}

/** How a stream ended: cleanly, or with the transport error that ended it. */
export interface StreamEnd {
  readonly error?: RpcTransportError;
}

/** Receives every incoming message, in arrival order. */
export type MessageListener = (message: StreamingMessage) => void;

/**
 * One EventStream seen from either end: typed `send`, incoming messages as a listener or an async
 * iterable, and one promise that settles when the stream is over. Messages that arrive before anyone
 * listens are kept and handed to the first listener, so none is lost between accept and subscribe.
 */
export class MessageStream implements AsyncIterable<StreamingMessage> {
  /** Resolves once the stream is over; never rejects, the error (if any) is in the value. */
  readonly closed: Promise<StreamEnd>;

  readonly #call: EventStreamCall;
  readonly #listeners = new Set<MessageListener>();
  #pending: StreamingMessage[] = [];
  #open = true;
  #resolveClosed!: (end: StreamEnd) => void;

  constructor(call: EventStreamCall) {
    this.#call = call;
    this.closed = new Promise((resolve) => (this.#resolveClosed = resolve));
    call.on('data', (message: IncomingMessage) =>
      message instanceof ProtocolError ? this.#abortMalformed(message) : this.#deliver(message),
    );
    call.on('error', (error: unknown) => this.#finish(RpcTransportError.from(error)));
    // The peer finished writing; finish ours so the call completes with OK on both sides.
    call.on('end', () => this.#endOurSide());
    // The final status is the authoritative end of the call.
    call.on('status', (status: CallStatus) =>
      this.#finish(status.code === GrpcStatus.OK ? undefined : RpcTransportError.from(status)),
    );
  }

  /** False once the stream has ended or failed; `send` is then a no-op (as it is after `end()`). */
  get isOpen(): boolean {
    return this.#open;
  }

  /**
   * Sends one message of the given kind.
   *
   * @returns false if the stream is over or our side has ended, so the message was dropped.
   */
  send<K extends MessageKind>(kind: K, payload: MessagePayloadInit<K>, requestId = ''): boolean {
    return this.sendMessage(streamingMessage(kind, payload, requestId));
  }

  /** Sends a prebuilt message; see {@link MessageStream.send}. */
  sendMessage(message: StreamingMessage): boolean {
    // After end() the call is no longer writable even though the stream is not over yet.
    if (!this.#open || !this.#call.writable) return false;
    this.#call.write(message);
    return true;
  }

  /** Subscribes to incoming messages; returns the function that unsubscribes. */
  onMessage(listener: MessageListener): () => void {
    this.#listeners.add(listener);
    if (this.#pending.length > 0) {
      const backlog = this.#pending;
      this.#pending = [];
      for (const message of backlog) listener(message);
    }
    return () => this.#listeners.delete(listener);
  }

  /** Incoming messages until the stream ends; throws the transport error if it failed. */
  async *[Symbol.asyncIterator](): AsyncIterator<StreamingMessage> {
    const queue: StreamingMessage[] = [];
    let wake: (() => void) | undefined;
    const unsubscribe = this.onMessage((message) => {
      queue.push(message);
      wake?.();
    });
    let end: StreamEnd | undefined;
    void this.closed.then((value) => {
      end = value;
      wake?.();
    });
    try {
      for (;;) {
        const next = queue.shift();
        if (next) {
          yield next;
          continue;
        }
        if (end) {
          if (end.error) throw end.error;
          return;
        }
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    } finally {
      unsubscribe();
    }
  }

  /** Ends our side cleanly and waits for the stream to be over. */
  async end(): Promise<StreamEnd> {
    if (this.#open) this.#call.end();
    return this.closed;
  }

  /** Aborts the stream: nothing more is sent, `closed` resolves at once, and the peer sees CANCELLED. */
  cancel(): void {
    this.#finish();
    this.#call.cancel();
  }

  /** Ends the stream with INVALID_ARGUMENT naming what was wrong with the peer's bytes. */
  #abortMalformed(error: ProtocolError): void {
    if (!this.#open) return;
    this.#finish(new RpcTransportError(GrpcStatus.INVALID_ARGUMENT, error.message, { cause: error }));
    this.#call.cancel({ code: GrpcStatus.INVALID_ARGUMENT, details: error.message });
  }

  #deliver(message: StreamingMessage): void {
    if (this.#listeners.size === 0) {
      this.#pending.push(message);
      return;
    }
    for (const listener of this.#listeners) listener(message);
  }

  #endOurSide(): void {
    if (this.#open && this.#call.writable) this.#call.end();
  }

  /** The first way the stream ended wins; later events about the same end are ignored. */
  #finish(error?: RpcTransportError): void {
    this.#open = false;
    this.#resolveClosed(error ? { error } : {});
  }
}
