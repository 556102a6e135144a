import { ProtocolError } from '../codec/protocol-error.js';
import type { StreamingMessage } from '../gen/FunctionRpc_pb.js';
import { DEFAULT_MAX_MESSAGE_LENGTH, type IncomingMessage } from '../transport/grpc-service.js';
import { GrpcStatus, type GrpcStatusCode } from '../transport/grpc-status.js';
import { EventStreamEndpoint } from './event-stream-endpoint.js';
import type { ServerCall } from './server-call.js';
import { WorkerStream } from './worker-stream.js';

/** Where the server listens and what it accepts. */
export interface FunctionRpcServerOptions {
  /** Interface to bind; loopback unless told otherwise. */
  readonly host?: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Send and receive limit in bytes; defaults to 2147483647. */
  readonly maxMessageLength?: number;
  /** How long a new stream may stay silent before it must have sent StartStream; default 60 s. */
  readonly firstMessageTimeoutMs?: number;
}

/** Why a stream was turned away; handed to {@link FunctionRpcServer.onRefused} listeners. */
export interface RefusedStream {
  /** The gRPC status the stream was ended with (see {@link GrpcStatus}). */
  readonly code: GrpcStatusCode;
  readonly details: string;
  /** The id the stream claimed, when it sent a StartStream at all. */
  readonly workerId?: string;
}

/** The other end of a stream's connection, as the server saw it. */
export interface StreamPeer {
  readonly address: string;
  readonly port: number;
}

/** Options of {@link FunctionRpcServer.expectWorker}. */
export interface ExpectWorkerOptions {
  /** Reject if the worker has not connected by then; the reference host allows 60 s. */
  readonly timeoutMs?: number;
  /**
   * Checks where a StartStream with this id came from before the stream is accepted: resolves with the reason
   * to refuse it, or undefined to accept it. A refused stream leaves the registration in place for the
   * real worker.
   */
  readonly verifyPeer?: (peer: StreamPeer) => Promise<string | undefined>;
}

interface Expectation {
  resolve(stream: WorkerStream): void;
  reject(error: Error): void;
  timer?: NodeJS.Timeout;
  readonly verifyPeer?: ((peer: StreamPeer) => Promise<string | undefined>) | undefined;
}

/**
 * The host's gRPC server, on node:http2 (see {@link EventStreamEndpoint}). The host registers a worker id with {@link expectWorker} before launching the
 * worker; the stream that opens with StartStream carrying that id is handed over as a {@link WorkerStream}.
 * Any other stream is ended with a gRPC status that says why, and the server keeps serving.
 */
export class FunctionRpcServer {
  /** The bound interface. */
  readonly host: string;
  /** The bound port. */
  readonly port: number;
  /** The largest message it sends or accepts, in bytes: what its workers must be told too. */
  readonly maxMessageLength: number;

  readonly #endpoint: EventStreamEndpoint;
  readonly #expected = new Map<string, Expectation>();
  readonly #connected = new Set<string>();
  readonly #refusedListeners = new Set<(refused: RefusedStream) => void>();
  readonly #firstMessageTimeoutMs: number;

  private constructor(
    endpoint: EventStreamEndpoint,
    host: string,
    maxMessageLength: number,
    firstMessageTimeoutMs: number,
  ) {
    this.#endpoint = endpoint;
    this.host = host;
    this.port = endpoint.port;
    this.maxMessageLength = maxMessageLength;
    this.#firstMessageTimeoutMs = firstMessageTimeoutMs;
  }

  /** Starts a server; resolves once it is bound. */
  static async listen(options: FunctionRpcServerOptions = {}): Promise<FunctionRpcServer> {
    const host = options.host ?? '127.0.0.1';
    const limit = options.maxMessageLength ?? DEFAULT_MAX_MESSAGE_LENGTH;
    // No call can arrive before listen() resolves, by which time `rpc` is set.
    const endpoint = new EventStreamEndpoint(limit, (call) => rpc.#accept(call));
    await endpoint.listen(host, options.port ?? 0);
    const rpc = new FunctionRpcServer(endpoint, host, limit, options.firstMessageTimeoutMs ?? 60_000);
    return rpc;
  }

  /** The URI a worker is given in `--functions-uri`, with its trailing slash. */
  get uri(): string {
    const host = this.host.includes(':') ? `[${this.host}]` : this.host;
    return `http://${host}:${this.port}/`;
  }

  /**
   * Registers a worker id and resolves with its stream once the worker has sent StartStream with it.
   *
   * @throws Error (rejection) on timeout, on {@link forgetWorker}, or when the server closes.
   */
  expectWorker(workerId: string, options: ExpectWorkerOptions = {}): Promise<WorkerStream> {
    if (!workerId) return Promise.reject(new TypeError('A worker id must not be empty.'));
    if (this.#expected.has(workerId) || this.#connected.has(workerId)) {
      return Promise.reject(new Error(`Worker id '${workerId}' is already registered.`));
    }
    return new Promise((resolve, reject) => {
      const expectation: Expectation = { resolve, reject, verifyPeer: options.verifyPeer };
      if (options.timeoutMs !== undefined) {
        expectation.timer = setTimeout(() => {
          this.#expected.delete(workerId);
          reject(new Error(`Worker '${workerId}' did not open its stream within ${options.timeoutMs} ms.`));
        }, options.timeoutMs);
      }
      this.#expected.set(workerId, expectation);
    });
  }

  /** Drops a registration that has not connected yet; its `expectWorker` promise rejects. */
  forgetWorker(workerId: string, reason = 'registration withdrawn'): void {
    const expectation = this.#expected.get(workerId);
    if (!expectation) return;
    this.#expected.delete(workerId);
    clearTimeout(expectation.timer);
    expectation.reject(new Error(`Worker '${workerId}': ${reason}.`));
  }

  /** Subscribes to streams the server turned away; returns the function that unsubscribes. */
  onRefused(listener: (refused: RefusedStream) => void): () => void {
    this.#refusedListeners.add(listener);
    return () => this.#refusedListeners.delete(listener);
  }

  /** Stops accepting, waits up to `graceMs` for open streams to finish, then cuts them. */
  async close(graceMs = 1000): Promise<void> {
    for (const workerId of [...this.#expected.keys()]) this.forgetWorker(workerId, 'server closed');
    await this.#endpoint.close(graceMs);
  }

  #accept(call: ServerCall): void {
    const timer = setTimeout(
      () => this.#refuse(call, GrpcStatus.DEADLINE_EXCEEDED, 'No StartStream was received in time.'),
      this.#firstMessageTimeoutMs,
    );
    const onFirst = (message: IncomingMessage): void => {
      clearTimeout(timer);
      call.off('data', onFirst);
      call.off('status', onOver);
      call.off('end', onEnded);
      this.#admit(call, message);
    };
    const onOver = (): void => clearTimeout(timer);
    // A client that half-closes without a word would otherwise wait for a status that never comes.
    const onEnded = (): void => {
      clearTimeout(timer);
      this.#refuse(call, GrpcStatus.FAILED_PRECONDITION, 'The stream ended before StartStream.');
    };
    call.on('data', onFirst);
    call.on('status', onOver);
    call.on('end', onEnded);
  }

  #admit(call: ServerCall, first: IncomingMessage): void {
    if (first instanceof ProtocolError) {
      this.#refuse(call, GrpcStatus.INVALID_ARGUMENT, `The first message is unreadable: ${first.message}`);
      return;
    }
    if (first.content.case !== 'startStream') {
      const kind = first.content.case ?? 'an empty message';
      this.#refuse(
        call,
        GrpcStatus.FAILED_PRECONDITION,
        `The first message must be StartStream, got ${kind}.`,
      );
      return;
    }
    const { workerId } = first.content.value;
    const expectation = this.#expected.get(workerId);
    if (expectation?.verifyPeer) {
      void this.#verifyThenAdmit(call, first, workerId, expectation.verifyPeer);
      return;
    }
    this.#admitExpected(call, first, workerId);
  }

  async #verifyThenAdmit(
    call: ServerCall,
    first: StreamingMessage,
    workerId: string,
    verifyPeer: (peer: StreamPeer) => Promise<string | undefined>,
  ): Promise<void> {
    const peer = call.peer;
    let refusal: string | undefined;
    try {
      refusal = peer ? await verifyPeer(peer) : 'its peer address is unknown';
    } catch (error) {
      refusal = `its peer could not be checked: ${(error as Error).message}`;
    }
    if (refusal !== undefined) {
      this.#refuse(
        call,
        GrpcStatus.PERMISSION_DENIED,
        `StartStream for worker '${workerId}' refused: ${refusal}.`,
        workerId,
      );
      return;
    }
    this.#admitExpected(call, first, workerId);
  }

  #admitExpected(call: ServerCall, first: StreamingMessage, workerId: string): void {
    const expectation = this.#expected.get(workerId);
    if (!expectation) {
      const details = !workerId
        ? 'StartStream carries no worker id.'
        : this.#connected.has(workerId)
          ? `Worker '${workerId}' already has an open stream.`
          : `No worker was launched with id '${workerId}'.`;
      const code = this.#connected.has(workerId) ? GrpcStatus.ALREADY_EXISTS : GrpcStatus.PERMISSION_DENIED;
      this.#refuse(call, code, details, workerId);
      return;
    }
    this.#expected.delete(workerId);
    clearTimeout(expectation.timer);
    this.#connected.add(workerId);
    const stream = new WorkerStream(call, workerId, first.requestId);
    void stream.closed.then(() => this.#connected.delete(workerId));
    expectation.resolve(stream);
  }

  #refuse(call: ServerCall, code: GrpcStatusCode, details: string, workerId?: string): void {
    // The call goes on reading and dropping what the client still sends, so it cannot stall the connection.
    call.cancel({ code, details });
    for (const listener of this.#refusedListeners)
      listener({ code, details, ...(workerId ? { workerId } : {}) });
  }
}
