import { encodeStreamingMessageToSegments } from '../codec/streaming-message-codec.js';
import type { StreamingMessage } from '../gen/FunctionRpc_pb.js';
import { PREFIX_LENGTH } from './message-deframer.js';

/** A message as gRPC puts it on the wire, in the buffers that, written in order, make it up. */
export interface FramedMessage {
  readonly segments: Buffer[];
  /** The protobuf bytes' length, without the prefix. */
  readonly length: number;
}

/**
 * Frames a message: the uncompressed flag and the length, then the protobuf bytes, encoded straight after the
 * prefix with large byte fields (an HTTP body) passed on by reference, so framing and body cost no copy.
 */
export function frameMessage(message: StreamingMessage): FramedMessage {
  const segments = encodeStreamingMessageToSegments(message, PREFIX_LENGTH);
  let length = -PREFIX_LENGTH;
  for (const segment of segments) length += segment.length;
  const prefix = segments[0]!;
  prefix[0] = 0;
  prefix.writeUInt32BE(length, 1);
  return { segments, length };
}
