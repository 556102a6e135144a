import type { StreamingMessage } from '../gen/FunctionRpc_pb.js';
import {
  readStreamingMessage,
  sizeStreamingMessage,
  writeStreamingMessage,
} from '../gen/FunctionRpc_codec.js';
import { ProtocolError } from './protocol-error.js';
import { allocateBuffer } from './static/node-buffer.js';
import { WireReader } from './static/wire-reader.js';
import { EncodeState, WireWriter } from './static/wire-writer.js';

/**
 * Encoding is synchronous and never re-enters itself, so one state serves every call; it is cleared after
 * each so no payload stays referenced.
 */
const state = new EncodeState();

/**
 * Serializes a `StreamingMessage` to protobuf binary, byte for byte what protobuf-es's `toBinary` writes.
 * The invocation messages (requests, responses, logs, cancels) go through static encoders generated from the
 * .proto files (src/gen/FunctionRpc_codec.ts); other payloads through protobuf-es. The result may be a view
 * into a shared pool: use its `byteOffset` and `byteLength` with its `buffer`.
 */
export function encodeStreamingMessage(message: StreamingMessage): Uint8Array {
  const buffer = encodeStreamingMessageToBuffer(message);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/**
 * {@link encodeStreamingMessage} into a Node Buffer, as the gRPC transport sends it. With `reserve`, the
 * message starts that many bytes into the buffer, left for the caller to fill (the gRPC length prefix), so
 * framing costs no copy.
 */
export function encodeStreamingMessageToBuffer(message: StreamingMessage, reserve = 0): Buffer {
  return encode(message, reserve, undefined).buf;
}

/**
 * {@link encodeStreamingMessageToBuffer} as a list of buffers that, written one after the other, are the
 * message: byte fields of 64 KiB or more (`SEGMENT_THRESHOLD`) are passed on as they are, not
 * copied, so a large HTTP body costs no copy here. The first segment starts with the `reserve` bytes.
 */
export function encodeStreamingMessageToSegments(message: StreamingMessage, reserve = 0): Buffer[] {
  return encode(message, reserve, []).finishSegments();
}

function encode(message: StreamingMessage, reserve: number, segments: Buffer[] | undefined): WireWriter {
  try {
    const size = sizeStreamingMessage(message, state);
    const writer = new WireWriter(allocateBuffer(reserve + size), state, segments);
    writer.pos = reserve;
    writeStreamingMessage(message, writer);
    if (writer.pos !== reserve + size) {
      throw new Error(`wrote ${writer.pos - reserve} bytes where ${size} were measured`);
    }
    return writer;
  } finally {
    state.clear();
  }
}

/**
 * Parses protobuf binary into a `StreamingMessage`, as protobuf-es's `fromBinary` would. Known fields that
 * arrive with the wrong wire type are refused rather than misread; unknown fields are kept in `$unknown`.
 *
 * @throws ProtocolError naming the byte count and the reason when the bytes are not a valid message.
 */
export function decodeStreamingMessage(bytes: Uint8Array): StreamingMessage {
  try {
    return readStreamingMessage(new WireReader(bytes), bytes.length, 1, undefined);
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
