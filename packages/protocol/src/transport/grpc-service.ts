import type * as grpc from '@grpc/grpc-js';
import type { StreamingMessage } from '../gen/FunctionRpc_pb.js';
import { decodeStreamingMessage, encodeStreamingMessage } from '../codec/streaming-message-codec.js';

/** The gRPC path of the protocol's only method. */
export const EVENT_STREAM_PATH = '/AzureFunctionsRpcMessages.FunctionRpc/EventStream';

/** The largest message either side accepts unless configured otherwise: int.MaxValue, as the reference host. */
export const DEFAULT_MAX_MESSAGE_LENGTH = 2147483647;

const serialize = (message: StreamingMessage): Buffer => {
  const bytes = encodeStreamingMessage(message);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
};

/** grpc-js service definition of `FunctionRpc`, serialized with the protobuf-es codec. */
export const functionRpcServiceDefinition = {
  eventStream: {
    path: EVENT_STREAM_PATH,
    requestStream: true,
    responseStream: true,
    requestSerialize: serialize,
    requestDeserialize: decodeStreamingMessage,
    responseSerialize: serialize,
    responseDeserialize: decodeStreamingMessage,
    originalName: 'EventStream',
  },
} satisfies grpc.ServiceDefinition;

/** grpc-js channel options that apply one message size limit to both directions. */
export function messageLengthOptions(maxMessageLength: number): grpc.ChannelOptions {
  return {
    'grpc.max_send_message_length': maxMessageLength,
    'grpc.max_receive_message_length': maxMessageLength,
  };
}
