import { EventEmitter } from 'node:events';
import type { ServerHttp2Stream } from 'node:http2';
import type { StreamingMessage } from '../gen/FunctionRpc_pb.js';
import type { EventStreamCall } from '../stream/message-stream.js';
import type { StreamPeer } from './function-rpc-server.js';
import { decodeIncoming } from '../transport/grpc-service.js';
import { GrpcStatus, type CallStatus } from '../transport/grpc-status.js';
import { frameMessage } from './frame-message.js';
import { ACCEPTED_ENCODINGS, DecompressionError, decompressMessage } from './message-decompression.js';
import { MessageDeframer, OversizeMessageError } from './message-deframer.js';
import { encodeStatusMessage } from './status-message.js';

/** How one accepted EventStream request asked to be served. */
export interface ServerCallOptions {
  /** The limit for a message either way, in bytes. */
  readonly maxMessageLength: number;
  /** The request's grpc-encoding, used for messages sent with the compressed flag. */
  readonly encoding: string | undefined;
  /** From the request's grpc-timeout: the call ends with DEADLINE_EXCEEDED after this long. */
  readonly timeoutMs: number | undefined;
}

const RESPONSE_HEADERS = {
  ':status': 200,
  'content-type': 'application/grpc+proto',
  'grpc-accept-encoding': ACCEPTED_ENCODINGS,
  'grpc-encoding': 'identity',
};

/**
 * The host's end of one EventStream on a node:http2 stream, as a {@link EventStreamCall}. Incoming DATA is
 * cut into messages and decoded; outgoing messages are framed as they are encoded. The call is over
 * ('status') as soon as a status is decided: ours (sent as trailers, or trailers-only before any message)
 * or the peer's reset. After that, whatever the peer still sends is read and dropped, so it cannot stall
 * the connection.
 */
export class ServerCall extends EventEmitter implements EventStreamCall {
  readonly #stream: ServerHttp2Stream;
  readonly #options: ServerCallOptions;
  readonly #deframer: MessageDeframer;
  readonly #onFramed = (flag: number, bytes: Buffer): void => this.#receive(flag, bytes);
  #headersSent = false;
  /** A status is decided: nothing more is sent or delivered. */
  #over = false;
  /** The segments of framed messages held while the HTTP/2 stream asks us to wait ('drain'). */
  #held: Buffer[] = [];
  #blocked = false;
  /** Decompressions in progress: later messages and the end wait behind them to keep their order. */
  #inbox: Promise<void> | undefined;
  #deadline: NodeJS.Timeout | undefined;

  constructor(stream: ServerHttp2Stream, options: ServerCallOptions) {
    super();
    this.#stream = stream;
    this.#options = options;
    this.#deframer = new MessageDeframer(options.maxMessageLength);
    stream.on('data', (chunk: Buffer) => this.#onData(chunk));
    // A peer that cancels ends its side and resets the stream in one go, and Node reports the end first: wait a
    // turn so that the reset, if any, is seen before a clean end is taken for granted.
    stream.on('end', () => setImmediate(() => this.#inOrder(() => this.#onPeerEnd())));
    stream.on('aborted', () => this.#onClose());
    stream.on('drain', () => this.#flush());
    stream.on('close', () => this.#onClose());
    if (options.timeoutMs !== undefined) {
      this.#deadline = setTimeout(
        () => this.#sendStatus({ code: GrpcStatus.DEADLINE_EXCEEDED, details: 'Deadline exceeded' }),
        options.timeoutMs,
      );
    }
  }

  /** Where the call came from; undefined when the socket is gone or is not TCP. */
  get peer(): StreamPeer | undefined {
    const socket = this.#stream.session?.socket;
    const address = socket?.remoteAddress;
    const port = socket?.remotePort;
    return address && port ? { address, port } : undefined;
  }

  get writable(): boolean {
    return !this.#over;
  }

  /**
   * Sends one message. A message over the limit ends the call with RESOURCE_EXHAUSTED instead.
   *
   * @returns false when the message was not sent, or is held until the peer reads what is already sent.
   */
  write(message: StreamingMessage): boolean {
    if (this.#over) return false;
    const { segments, length } = frameMessage(message);
    if (length > this.#options.maxMessageLength) {
      const details = `Sent message larger than max (${length} vs. ${this.#options.maxMessageLength})`;
      this.#sendStatus({ code: GrpcStatus.RESOURCE_EXHAUSTED, details });
      return false;
    }
    this.#sendHeaders();
    if (this.#blocked) {
      this.#held.push(...segments);
      return false;
    }
    this.#writeAll(segments);
    return !this.#blocked;
  }

  /** Ends the call with status OK once what was written has gone out. */
  end(): void {
    this.#sendStatus({ code: GrpcStatus.OK, details: '' });
  }

  /** Ends the call with `status`, by default CANCELLED. */
  cancel(
    status: CallStatus = { code: GrpcStatus.CANCELLED, details: 'The host cancelled the stream.' },
  ): void {
    this.#sendStatus(status);
  }

  #onData(chunk: Buffer): void {
    if (this.#over) return;
    try {
      this.#deframer.push(chunk, this.#onFramed);
    } catch (error) {
      if (!(error instanceof OversizeMessageError)) throw error;
      this.#sendStatus({ code: GrpcStatus.RESOURCE_EXHAUSTED, details: error.message });
    }
  }

  #receive(flag: number, bytes: Buffer): void {
    if (this.#over) return;
    if (flag === 0 && this.#inbox === undefined) {
      this.emit('data', decodeIncoming(bytes));
      return;
    }
    if (flag > 1) {
      this.#sendStatus({
        code: GrpcStatus.INTERNAL,
        details: `Invalid compressed flag ${flag} on a message`,
      });
      return;
    }
    const encoding = this.#options.encoding;
    if (flag === 1 && (encoding === undefined || encoding === 'identity')) {
      const details = 'A message has the compressed flag set, but the request names no grpc-encoding';
      this.#sendStatus({ code: GrpcStatus.INTERNAL, details });
      return;
    }
    // Started now, delivered in turn; a failure is kept as a value so that it is never an unhandled rejection.
    const decoded =
      flag === 1
        ? decompressMessage(encoding!, bytes, this.#options.maxMessageLength).catch(asFailure)
        : bytes;
    this.#inOrder(async () => {
      const message = await decoded;
      if ('code' in message) this.#sendStatus(message);
      else if (!this.#over) this.emit('data', decodeIncoming(message));
    });
  }

  /**
   * Runs `step` after the decompressions in progress, or at once when there are none. While any is in
   * progress the HTTP/2 stream is paused, so compressed messages cannot pile up unread.
   */
  #inOrder(step: () => void | Promise<void>): void {
    if (this.#inbox === undefined) {
      const result = step();
      if (!result) return;
      this.#inbox = result;
    } else {
      this.#inbox = this.#inbox.then(step);
    }
    const inbox = this.#inbox;
    this.#stream.pause();
    void inbox.then(() => {
      if (this.#inbox !== inbox) return;
      this.#inbox = undefined;
      this.#stream.resume();
    });
  }

  #onPeerEnd(): void {
    if (this.#over) return;
    if (!this.#deframer.atBoundary) {
      this.#sendStatus({
        code: GrpcStatus.INTERNAL,
        details: 'The request ended in the middle of a message.',
      });
      return;
    }
    this.emit('end');
  }

  #onClose(): void {
    if (this.#over) return;
    const code = this.#stream.rstCode;
    this.#finish({
      code: GrpcStatus.CANCELLED,
      details: `The stream was closed before the host sent its status (HTTP/2 error code ${code ?? 'none'}).`,
    });
  }

  #sendHeaders(): void {
    if (this.#headersSent) return;
    this.#headersSent = true;
    this.#stream.respond(RESPONSE_HEADERS, { waitForTrailers: true });
  }

  #flush(): void {
    this.#blocked = false;
    if (this.#held.length === 0) return;
    const held = this.#held;
    this.#held = [];
    this.#writeAll(held);
  }

  /** Writes the buffers in one writev (a message's segments are one message: none is held back alone). */
  #writeAll(buffers: Buffer[]): void {
    const stream = this.#stream;
    if (buffers.length === 1) {
      this.#blocked = !stream.write(buffers[0]);
      return;
    }
    stream.cork();
    for (const buffer of buffers) this.#blocked = !stream.write(buffer);
    stream.uncork();
  }

  #sendStatus(status: CallStatus): void {
    if (this.#over) return;
    this.#finish(status);
    const stream = this.#stream;
    if (stream.destroyed || stream.closed) return;
    const trailers = statusHeaders(status);
    if (!this.#headersSent) {
      this.#headersSent = true;
      stream.respond({ ...RESPONSE_HEADERS, ...trailers }, { endStream: true });
      return;
    }
    this.#flush();
    stream.once('wantTrailers', () => stream.sendTrailers(trailers));
    stream.end();
  }

  /** The call is over: tell the listener once, and keep reading the peer's bytes only to drop them. */
  #finish(status: CallStatus): void {
    this.#over = true;
    clearTimeout(this.#deadline);
    this.#stream.resume();
    this.emit('status', status);
  }
}

/** Why a compressed message could not be read, as the status that ends the call. */
function asFailure(error: unknown): CallStatus {
  if (error instanceof DecompressionError) return error.status;
  return { code: GrpcStatus.INTERNAL, details: `Failed to decompress message: ${String(error)}` };
}

function statusHeaders(status: CallStatus): Record<string, string> {
  const headers: Record<string, string> = { 'grpc-status': String(status.code) };
  if (status.details) headers['grpc-message'] = encodeStatusMessage(status.details);
  return headers;
}
