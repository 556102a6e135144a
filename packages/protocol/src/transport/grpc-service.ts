import type * as grpc from '@grpc/grpc-js';
import type { StreamingMessage } from '../gen/FunctionRpc_pb.js';
import { ProtocolError } from '../codec/protocol-error.js';
import { decodeStreamingMessage, encodeStreamingMessageToBuffer } from '../codec/streaming-message-codec.js';

/**
 * What a call yields for each incoming message: the message, or the ProtocolError that made its bytes
 * unreadable. Handing the error over as data (instead of throwing in the deserializer, which grpc-js answers
 * with a bare "Error deserializing request") lets the stream end with a status that says what was wrong.
 */
export type IncomingMessage = StreamingMessage | ProtocolError;

/** The gRPC path of the protocol's only method. */
export const EVENT_STREAM_PATH = '/AzureFunctionsRpcMessages.FunctionRpc/EventStream';

/** The largest message either side accepts unless configured otherwise: int.MaxValue, as the reference host. */
export const DEFAULT_MAX_MESSAGE_LENGTH = 2147483647;

const serialize = (message: StreamingMessage): Buffer => encodeStreamingMessageToBuffer(message);

/** One incoming message's bytes decoded, or the ProtocolError that makes them unreadable. */
export function decodeIncoming(bytes: Uint8Array): IncomingMessage {
  try {
    return decodeStreamingMessage(bytes);
  } catch (error) {
    if (error instanceof ProtocolError) return error;
    throw error;
  }
}

/** grpc-js service definition of `FunctionRpc`, serialized with the protobuf-es codec; see {@link IncomingMessage}. */
export const functionRpcServiceDefinition = {
  eventStream: {
    path: EVENT_STREAM_PATH,
    requestStream: true,
    responseStream: true,
    requestSerialize: serialize,
    requestDeserialize: decodeIncoming,
    responseSerialize: serialize,
    responseDeserialize: decodeIncoming,
    originalName: 'EventStream',
  },
} satisfies grpc.ServiceDefinition;

const passBytes = (bytes: Buffer): Buffer => bytes;

/**
 * `FunctionRpc` with no codec: every message is the bytes on the wire. For relays that forward a stream
 * untouched and for tests that write bytes no codec would.
 */
export const rawFunctionRpcServiceDefinition = {
  eventStream: {
    path: EVENT_STREAM_PATH,
    requestStream: true,
    responseStream: true,
    requestSerialize: passBytes,
    requestDeserialize: passBytes,
    responseSerialize: passBytes,
    responseDeserialize: passBytes,
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
