/**
 * The native string methods every Node.js Buffer has (protobufjs uses them too) but @types/node does not
 * declare. They skip the argument checks of `toString`/`write`, which cost more than the copy for short text.
 */
export interface NodeBufferInternals extends Buffer {
  utf8Slice(start: number, end: number): string;
  utf8Write(text: string, offset: number, length: number): number;
  latin1Write(text: string, offset: number, length: number): number;
}

/** `bytes` as a Buffer over the same memory (itself when it already is one). */
export function asNodeBuffer(bytes: Uint8Array): NodeBufferInternals {
  const buffer = Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return buffer as NodeBufferInternals;
}

/** An uninitialised Buffer of `size` bytes (from Node's pool when small), every byte of which the caller writes. */
export function allocateBuffer(size: number): NodeBufferInternals {
  return Buffer.allocUnsafe(size) as NodeBufferInternals;
}
