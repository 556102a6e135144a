import type * as grpc from '@grpc/grpc-js';
import type { StreamingMessage } from '../gen/FunctionRpc_pb.js';
import { MessageStream } from '../stream/message-stream.js';
import {
  DEFAULT_MAX_MESSAGE_LENGTH,
  messageLengthOptions,
  type IncomingMessage,
} from '../transport/grpc-service.js';
import { openEventStream } from './event-stream-call.js';

/** Where and as whom a worker connects. */
export interface FunctionRpcClientOptions {
  /** The host's address: `http://127.0.0.1:50051/` as passed in `--functions-uri`, or `127.0.0.1:50051`. */
  readonly uri: string;
  /** Sent in StartStream; the host only accepts ids it launched a worker with. */
  readonly workerId: string;
  /** Put in StartStream's request_id, as the Node and Python workers do. */
  readonly requestId?: string;
  /** Send and receive limit in bytes; defaults to 2147483647. */
  readonly maxMessageLength?: number;
}

/** Turns `http://host:port/` (or a bare `host:port`) into the `host:port` target grpc-js dials. */
export function grpcTarget(uri: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(uri)) return uri;
  const url = new URL(uri);
  // URL drops a port equal to the scheme's default (http://host:80/), yet it was given and is needed.
  const port = url.port || /^[^:]+:\/\/(?:[^@/]*@)?(?:\[[^\]]*\]|[^/:?#]*):(\d+)/.exec(uri)?.[1];
  if (!port) throw new TypeError(`The host URI '${uri}' names no port.`);
  return `${url.hostname}:${port}`;
}

/**
 * The HTTP/2 receive window the worker grants the host, for the stream and the connection: with HTTP/2's
 * default of 64 KiB, a request carrying a 1 MB body waits for 16 window updates, each a round trip between
 * two busy processes; 16 MiB lets such bodies through in one go. It bounds what the host may send ahead
 * of the worker reading it, not what is allocated.
 */
const FLOW_CONTROL_WINDOW = 16 * 1024 * 1024;

/**
 * The worker's end of EventStream: opened by {@link FunctionRpcClient.connect}, which sends StartStream
 * before anything else. Incoming host messages are read with `onMessage` or `for await`.
 */
export class FunctionRpcClient extends MessageStream {
  readonly #client: grpc.Client;

  private constructor(client: grpc.Client, call: grpc.ClientDuplexStream<StreamingMessage, IncomingMessage>) {
    super(call);
    this.#client = client;
    void this.closed.then(() => client.close());
  }

  /**
   * Opens the stream and sends StartStream. It does not wait for the host: a refused or unreachable
   * host shows up in `closed` as an RpcTransportError whose `cause` is the grpc-js error.
   */
  static connect(options: FunctionRpcClientOptions): FunctionRpcClient {
    const limit = options.maxMessageLength ?? DEFAULT_MAX_MESSAGE_LENGTH;
    const { client, call } = openEventStream(grpcTarget(options.uri), {
      ...messageLengthOptions(limit),
      'grpc-node.flow_control_window': FLOW_CONTROL_WINDOW,
    });
    const rpc = new FunctionRpcClient(client, call);
    rpc.send('startStream', { workerId: options.workerId }, options.requestId ?? '');
    return rpc;
  }

  /** Closes the underlying channel as well as the stream. */
  override cancel(): void {
    super.cancel();
    this.#client.close();
  }
}
