/** Real client <-> server EventStreams over 127.0.0.1 for tests, with cleanup that always runs. */
import { randomUUID } from 'node:crypto';
import { openEventStream } from '../client/event-stream-call.js';
import { FunctionRpcClient, type FunctionRpcClientOptions } from '../client/function-rpc-client.js';
import type { StreamingMessage } from '../gen/FunctionRpc_pb.js';
import { FunctionRpcServer, type FunctionRpcServerOptions } from '../server/function-rpc-server.js';
import type { WorkerStream } from '../server/worker-stream.js';
import { MessageStream } from '../stream/message-stream.js';

/** One accepted stream: the worker's client and the host's view of it. */
export interface ConnectedPair {
  readonly client: FunctionRpcClient;
  readonly worker: WorkerStream;
}

/**
 * Registers a fresh worker id on `server`, connects a client with it and resolves once the host has
 * accepted the stream.
 */
export async function connectPair(
  server: FunctionRpcServer,
  clientOptions: Partial<FunctionRpcClientOptions> = {},
): Promise<ConnectedPair> {
  const workerId = clientOptions.workerId ?? randomUUID();
  const accepted = server.expectWorker(workerId, { timeoutMs: 5000 });
  const client = FunctionRpcClient.connect({
    uri: server.uri,
    requestId: 'start-1',
    ...clientOptions,
    workerId,
  });
  try {
    return { client, worker: await accepted };
  } catch (error) {
    client.cancel();
    throw error;
  }
}

/** A server that the returned `close` shuts down at once, cutting whatever is still open. */
export async function startServer(options: FunctionRpcServerOptions = {}): Promise<FunctionRpcServer> {
  return FunctionRpcServer.listen({ host: '127.0.0.1', port: 0, ...options });
}

/**
 * A raw EventStream to `server` that sends nothing by itself, for playing a misbehaving worker. Closing the
 * stream closes its channel.
 */
export function rawStream(server: FunctionRpcServer): MessageStream {
  const { client, call } = openEventStream(`127.0.0.1:${server.port}`);
  const stream = new MessageStream(call);
  void stream.closed.then(() => client.close());
  return stream;
}

/** Resolves with the first `count` messages the stream receives (later ones go to other listeners). */
export function collect(stream: MessageStream, count: number): Promise<StreamingMessage[]> {
  return new Promise((resolve) => {
    const received: StreamingMessage[] = [];
    // The backlog is handed over inside onMessage, before it returns the unsubscribe function.
    const subscription: { unsubscribe?: () => void } = {};
    const listener = (message: StreamingMessage): void => {
      if (received.length === count) return;
      received.push(message);
      if (received.length < count) return;
      subscription.unsubscribe?.();
      resolve(received);
    };
    subscription.unsubscribe = stream.onMessage(listener);
    if (received.length === count) subscription.unsubscribe();
  });
}
