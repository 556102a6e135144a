import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { StreamingMessageSchema, type StreamingMessage } from '../gen/FunctionRpc_pb.js';
import { ProtocolError } from './protocol-error.js';
import { checkWireTypes } from './wire-type-check.js';

/** Serializes a `StreamingMessage` to protobuf binary. */
export function encodeStreamingMessage(message: StreamingMessage): Uint8Array {
  return toBinary(StreamingMessageSchema, message);
}

/**
 * Parses protobuf binary into a `StreamingMessage`. Known fields that arrive with the wrong wire type are
 * refused rather than misread.
 *
 * @throws ProtocolError naming the byte count and the reason when the bytes are not a valid message.
 */
export function decodeStreamingMessage(bytes: Uint8Array): StreamingMessage {
  try {
    checkWireTypes(StreamingMessageSchema, bytes);
    return fromBinary(StreamingMessageSchema, bytes);
  } catch (cause) {
    throw new ProtocolError(`Malformed StreamingMessage (${bytes.byteLength} bytes): ${reasonOf(cause)}`, {
      cause,
    });
  }
}

/** The decoder's reason, with its terse "premature EOF" spelled out. */
function reasonOf(cause: unknown): string {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return reason === 'premature EOF'
    ? 'the data ends inside a field (a truncated varint or a length past the end)'
    : reason;
}
