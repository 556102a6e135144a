/**
 * An experiment, not a fix: how fast would protobuf-es encode if `toBinary` did not grow a fresh buffer
 * from 128 bytes on every call? It patches a private method of the library for the duration of `body`
 * only, so the codec benchmark can put a number on the proposal to reuse the writer's buffer.
 */
import { BinaryWriter } from '@bufbuild/protobuf/wire';

interface WriterInternals {
  buffer: Uint8Array;
  ensureCapacity(size: number): void;
}

const SCRATCH_BYTES = 64 * 1024;

/**
 * Runs `body` with every new BinaryWriter starting on one shared scratch buffer. Safe only because
 * `body` is synchronous (no other code runs while the patch is in place), `toBinary` uses one writer at
 * a time, and `finish()` copies the bytes out of the buffer.
 */
export function withPooledWriterBuffer<T>(body: () => T): T {
  const prototype = BinaryWriter.prototype as unknown as WriterInternals;
  const original = prototype.ensureCapacity;
  const scratch = new Uint8Array(SCRATCH_BYTES);
  prototype.ensureCapacity = function (this: WriterInternals, size: number): void {
    if (this.buffer.length === 0) this.buffer = scratch;
    original.call(this, size);
  };
  try {
    return body();
  } finally {
    prototype.ensureCapacity = original;
  }
}
