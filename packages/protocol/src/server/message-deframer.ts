/** Bytes of the prefix before each gRPC message: a compressed flag and the length, big-endian. */
export const PREFIX_LENGTH = 5;

/** A declared message length over the receive limit; the gRPC status is RESOURCE_EXHAUSTED. */
export class OversizeMessageError extends Error {
  override readonly name = 'OversizeMessageError';
}

/** Receives each whole message: its compressed flag and its bytes (a view; no copy when it came in one chunk). */
export type FramedMessageListener = (compressedFlag: number, message: Buffer) => void;

/**
 * Cuts an HTTP/2 stream's DATA chunks into gRPC length-prefixed messages: a message may span chunks and a
 * chunk may hold several. A message is copied only when it spans chunks, into one buffer of its size,
 * allocated once its length is known.
 */
export class MessageDeframer {
  readonly #maxLength: number;
  readonly #prefix = Buffer.alloc(PREFIX_LENGTH);
  #prefixFill = 0;
  #message: Buffer | undefined;
  #messageFill = 0;

  constructor(maxLength: number) {
    this.#maxLength = maxLength;
  }

  /** True between messages, when the stream may end without cutting one short. */
  get atBoundary(): boolean {
    return this.#prefixFill === 0;
  }

  /**
   * Takes one chunk; calls `onMessage` for each message it completes, in order.
   *
   * @throws OversizeMessageError when a prefix declares more than the limit (nothing more may be pushed).
   */
  push(chunk: Buffer, onMessage: FramedMessageListener): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.#message) {
        offset = this.#fillMessage(chunk, offset, onMessage);
        continue;
      }
      if (this.#prefixFill === 0 && chunk.length - offset >= PREFIX_LENGTH) {
        offset = this.#takeWhole(chunk, offset, onMessage);
        continue;
      }
      const copied = chunk.copy(
        this.#prefix,
        this.#prefixFill,
        offset,
        offset + PREFIX_LENGTH - this.#prefixFill,
      );
      this.#prefixFill += copied;
      offset += copied;
      if (this.#prefixFill === PREFIX_LENGTH) this.#startMessage(onMessage);
    }
  }

  /** A prefix that starts in this chunk: the message is a view when the chunk holds all of it. */
  #takeWhole(chunk: Buffer, offset: number, onMessage: FramedMessageListener): number {
    const flag = chunk[offset]!;
    const length = this.#checked(chunk.readUInt32BE(offset + 1));
    const start = offset + PREFIX_LENGTH;
    if (chunk.length - start >= length) {
      onMessage(flag, chunk.subarray(start, start + length));
      return start + length;
    }
    chunk.copy(this.#prefix, 0, offset, start);
    this.#prefixFill = PREFIX_LENGTH;
    this.#message = Buffer.allocUnsafe(length);
    this.#messageFill = 0;
    return start;
  }

  /** A prefix gathered across chunks is complete: make room for its message. */
  #startMessage(onMessage: FramedMessageListener): void {
    const length = this.#checked(this.#prefix.readUInt32BE(1));
    if (length === 0) {
      this.#prefixFill = 0;
      onMessage(this.#prefix[0]!, Buffer.alloc(0));
      return;
    }
    this.#message = Buffer.allocUnsafe(length);
    this.#messageFill = 0;
  }

  #fillMessage(chunk: Buffer, offset: number, onMessage: FramedMessageListener): number {
    const message = this.#message!;
    const copied = chunk.copy(message, this.#messageFill, offset);
    this.#messageFill += copied;
    if (this.#messageFill === message.length) {
      this.#message = undefined;
      this.#prefixFill = 0;
      onMessage(this.#prefix[0]!, message);
    }
    return offset + copied;
  }

  #checked(length: number): number {
    if (length > this.#maxLength) {
      throw new OversizeMessageError(`Received message larger than max (${length} vs ${this.#maxLength})`);
    }
    return length;
  }
}
