import * as http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { EVENT_STREAM_PATH } from '../transport/grpc-service.js';
import { GrpcStatus, type CallStatus } from '../transport/grpc-status.js';
import { parseGrpcTimeout } from './grpc-timeout.js';
import { ACCEPTED_ENCODINGS } from './message-decompression.js';
import { ServerCall } from './server-call.js';
import { encodeStatusMessage } from './status-message.js';

/**
 * The receive window granted to each worker, for a stream and for the whole connection: with HTTP/2's
 * 64 KiB default, a response carrying a 1 MB body waits for 16 window updates, each a round trip between
 * two busy processes. It bounds what a worker may send ahead of the host reading it, not what is allocated.
 */
const RECEIVE_WINDOW = 16 * 1024 * 1024;

/**
 * HTTP/2 settings for a few long-lived streams carrying messages of any size. Node's session memory limit
 * (10 MB by default) counts data queued for sending, so one large outgoing message would get the session's
 * new streams refused; the limit is in MB, and the size of what is queued is bounded by the message limit.
 */
const SERVER_OPTIONS: http2.ServerOptions = {
  maxSessionMemory: 64 * 1024,
  settings: { initialWindowSize: RECEIVE_WINDOW, enablePush: false },
};

/** `application/grpc`, or `application/grpc+proto`, with optional parameters. */
const PROTOBUF_CONTENT_TYPE = /^application\/grpc(\+proto)?(;.*)?$/i;

/**
 * A gRPC server, on node:http2 (cleartext HTTP/2 with prior knowledge, as gRPC clients speak it to an
 * `http://` address), for the one method the protocol has: `FunctionRpc/EventStream`. Requests for other
 * paths, methods or content types are answered with the HTTP or gRPC status the gRPC HTTP/2 spec gives
 * them; each accepted request becomes a {@link ServerCall}.
 */
export class EventStreamEndpoint {
  readonly #server = http2.createServer(SERVER_OPTIONS);
  readonly #sessions = new Set<http2.ServerHttp2Session>();

  /** A server not yet listening; each accepted call goes to `onCall`. */
  constructor(maxMessageLength: number, onCall: (call: ServerCall) => void) {
    this.#server.on('session', (session) => {
      this.#sessions.add(session);
      session.on('close', () => this.#sessions.delete(session));
      // A session's failure closes its streams, which their calls report; nothing else needs it.
      session.on('error', () => undefined);
      session.setLocalWindowSize(RECEIVE_WINDOW);
    });
    this.#server.on('stream', (stream, headers) => {
      // Errors of a stream end in its 'close', which its call reports.
      stream.on('error', () => undefined);
      const call = acceptCall(stream, headers, maxMessageLength);
      if (call) onCall(call);
    });
  }

  /** Listens on `host:port` (0: a free port); resolves once bound. */
  async listen(host: string, port: number): Promise<void> {
    const server = this.#server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  }

  /** The bound port. */
  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  /**
   * Stops accepting connections and asks each open one to finish (GOAWAY): its streams run on until their
   * ends close them. After `graceMs`, what is still open is cut.
   */
  async close(graceMs: number): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    const drained = [...this.#sessions].map(
      (session) => new Promise<void>((resolve) => session.close(() => resolve())),
    );
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([Promise.all(drained), graceOver]);
    clearTimeout(timer);
    for (const session of this.#sessions) session.destroy(undefined, http2.constants.NGHTTP2_CANCEL);
    await closed;
  }
}

/** The call a request asks for, or undefined once it has been answered with why it cannot have one. */
function acceptCall(
  stream: http2.ServerHttp2Stream,
  headers: http2.IncomingHttpHeaders,
  maxMessageLength: number,
): ServerCall | undefined {
  if (headers[':method'] !== 'POST') {
    answerHttp(stream, http2.constants.HTTP_STATUS_METHOD_NOT_ALLOWED, { allow: 'POST' });
    return undefined;
  }
  const contentType = headers['content-type'] ?? '';
  if (!contentType.toLowerCase().startsWith('application/grpc')) {
    // 415 rather than a gRPC status, so that no plain HTTP client takes the answer for a success.
    answerHttp(stream, http2.constants.HTTP_STATUS_UNSUPPORTED_MEDIA_TYPE, {});
    return undefined;
  }
  const timeout = headers['grpc-timeout'];
  const timeoutMs = timeout === undefined ? undefined : parseGrpcTimeout(String(timeout));
  const refusal = refusalOf(headers, contentType, timeoutMs);
  if (refusal) {
    answerTrailersOnly(stream, refusal);
    return undefined;
  }
  return new ServerCall(stream, {
    maxMessageLength,
    encoding: headers['grpc-encoding'] as string | undefined,
    timeoutMs,
  });
}

/** What a gRPC request with the right method and media type may still get wrong. */
function refusalOf(
  headers: http2.IncomingHttpHeaders,
  contentType: string,
  timeoutMs: number | undefined,
): CallStatus | undefined {
  const path = headers[':path'];
  if (path !== EVENT_STREAM_PATH) {
    return { code: GrpcStatus.UNIMPLEMENTED, details: `The server does not implement the method ${path}` };
  }
  if (!PROTOBUF_CONTENT_TYPE.test(contentType)) {
    return {
      code: GrpcStatus.UNIMPLEMENTED,
      details: `The server reads protobuf messages only (application/grpc+proto), not ${contentType}`,
    };
  }
  const timeout = headers['grpc-timeout'];
  if (timeout !== undefined && timeoutMs === undefined) {
    return { code: GrpcStatus.INTERNAL, details: `Invalid grpc-timeout value "${String(timeout)}"` };
  }
  return undefined;
}

function answerHttp(
  stream: http2.ServerHttp2Stream,
  status: number,
  headers: http2.OutgoingHttpHeaders,
): void {
  stream.respond({ ':status': status, ...headers }, { endStream: true });
  stream.resume();
}

/** A gRPC status with no messages: one HEADERS frame that ends the stream. */
function answerTrailersOnly(stream: http2.ServerHttp2Stream, status: CallStatus): void {
  stream.respond(
    {
      ':status': http2.constants.HTTP_STATUS_OK,
      'content-type': 'application/grpc+proto',
      'grpc-accept-encoding': ACCEPTED_ENCODINGS,
      'grpc-status': String(status.code),
      'grpc-message': encodeStatusMessage(status.details),
    },
    { endStream: true },
  );
  stream.resume();
}
