import * as grpc from '@grpc/grpc-js';
import type { StreamingMessage } from '../gen/FunctionRpc_pb.js';
import {
  functionRpcServiceDefinition,
  rawFunctionRpcServiceDefinition,
  type IncomingMessage,
} from '../transport/grpc-service.js';

const EventStreamClient = grpc.makeGenericClientConstructor(functionRpcServiceDefinition, 'FunctionRpc');
const RawEventStreamClient = grpc.makeGenericClientConstructor(
  rawFunctionRpcServiceDefinition,
  'FunctionRpc',
);

/** A worker-side EventStream call and the grpc-js client (channel) it runs on. */
export interface OpenedEventStream {
  readonly client: grpc.Client;
  readonly call: grpc.ClientDuplexStream<StreamingMessage, IncomingMessage>;
}

/** Opens an insecure channel to `target` (`host:port`) and starts EventStream on it. */
export function openEventStream(target: string, options: grpc.ChannelOptions = {}): OpenedEventStream {
  const client = new EventStreamClient(target, grpc.credentials.createInsecure(), options);
  // makeGenericClientConstructor types its methods loosely; this is the one bidi method of the service.
  const call = (
    client as unknown as { eventStream(): grpc.ClientDuplexStream<StreamingMessage, IncomingMessage> }
  ).eventStream();
  return { client, call };
}

/** A worker-side EventStream call that carries bytes, on the grpc-js client (channel) it runs on. */
export interface OpenedRawEventStream {
  readonly client: grpc.Client;
  readonly call: grpc.ClientDuplexStream<Buffer, Buffer>;
}

/** Opens an insecure channel to `target` and starts EventStream with no codec (see the raw definition). */
export function openRawEventStream(target: string, options: grpc.ChannelOptions = {}): OpenedRawEventStream {
  const client = new RawEventStreamClient(target, grpc.credentials.createInsecure(), options);
  const call = (
    client as unknown as { eventStream(): grpc.ClientDuplexStream<Buffer, Buffer> }
  ).eventStream();
  return { client, call };
}
