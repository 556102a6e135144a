import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { StreamingMessageSchema, type StreamingMessage } from '../gen/FunctionRpc_pb.js';
import { ProtocolError } from './protocol-error.js';

/** Serializes a `StreamingMessage` to protobuf binary. */
export function encodeStreamingMessage(message: StreamingMessage): Uint8Array {
  return toBinary(StreamingMessageSchema, message);
}

/**
 * Parses protobuf binary into a `StreamingMessage`.
 *
 * @throws ProtocolError naming the byte count when the bytes are not a valid message.
 */
export function decodeStreamingMessage(bytes: Uint8Array): StreamingMessage {
  try {
    return fromBinary(StreamingMessageSchema, bytes);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new ProtocolError(`Malformed StreamingMessage (${bytes.byteLength} bytes): ${reason}`, { cause });
  }
}
