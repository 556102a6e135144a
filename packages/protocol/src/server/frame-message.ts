import { encodeStreamingMessageToBuffer } from '../codec/streaming-message-codec.js';
import type { StreamingMessage } from '../gen/FunctionRpc_pb.js';
import { PREFIX_LENGTH } from './message-deframer.js';

/**
 * A message as gRPC puts it on the wire: the uncompressed flag, the length and the protobuf bytes, encoded
 * straight after the prefix in one buffer, with no copy.
 */
export function frameMessage(message: StreamingMessage): Buffer {
  const framed = encodeStreamingMessageToBuffer(message, PREFIX_LENGTH);
  framed[0] = 0;
  framed.writeUInt32BE(framed.length - PREFIX_LENGTH, 1);
  return framed;
}
