import { protoInt64, type UnknownField } from '@bufbuild/protobuf';
import { asNodeBuffer, type NodeBufferInternals } from './node-buffer.js';

/** Below this many bytes an ASCII string is copied in JavaScript; above, natively. */
const SHORT_STRING = 12;

/**
 * What the size pass leaves for the write pass, in the order both visit the message: the byte length of every
 * nested message, map entry, packed list and string, and the bytes of payloads encoded by protobuf-es.
 * Sizing first lets the write pass put every length prefix in place in one buffer of the exact size, with no
 * copies for nesting.
 */
export class EncodeState {
  readonly sizes: number[] = [];
  readonly blobs: Uint8Array[] = [];

  clear(): void {
    this.sizes.length = 0;
    this.blobs.length = 0;
  }

  /** Keeps a place for a length known only after what follows is sized; fill it with `fill`. */
  reserve(): number {
    return this.sizes.push(0) - 1;
  }

  fill(slot: number, size: number): number {
    this.sizes[slot] = size;
    return size;
  }
}

/** Bytes of an unsigned 32-bit varint. */
export function varintSize(value: number): number {
  return value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x200000 ? 3 : value < 0x10000000 ? 4 : 5;
}

/** Bytes of an int32 varint: negative values take ten, sign-extended to 64 bits. */
export function int32Size(value: number): number {
  return value < 0 ? 10 : varintSize(value);
}

/** Bytes of a length-delimited value of `length` bytes, prefix included. */
export function delimitedSize(length: number): number {
  return varintSize(length) + length;
}

/** Bytes of a string value with its length prefix; records its UTF-8 length for the write pass. */
export function stringSize(state: EncodeState, text: string): number {
  // A fast API call in Node 20: cheaper than measuring in JavaScript at any length.
  const length = Buffer.byteLength(text, 'utf8');
  state.sizes.push(length);
  return varintSize(length) + length;
}

export function bytesSize(bytes: Uint8Array): number {
  return varintSize(bytes.length) + bytes.length;
}

export function int64Size(value: bigint | string | number): number {
  const { lo, hi } = protoInt64.enc(value);
  return varint64Size(lo, hi);
}

export function sint64Size(value: bigint | string | number): number {
  const { lo, hi } = zigzag64(value);
  return varint64Size(lo, hi);
}

/** Bytes of the unknown fields protobuf-es kept on a message, tags included. */
export function unknownSize(fields: readonly UnknownField[] | undefined): number {
  if (fields === undefined) return 0;
  let size = 0;
  for (const field of fields)
    size += varintSize(((field.no << 3) | field.wireType) >>> 0) + field.data.length;
  return size;
}

/** From this many bytes on, a writer that collects segments passes a byte field on instead of copying it. */
export const SEGMENT_THRESHOLD = 64 * 1024;

/**
 * The cursor the generated encoders write with, into a buffer the size pass measured. Length prefixes come
 * from the sizes the size pass recorded, consumed in the same order.
 *
 * Given `segments`, large byte fields (an HTTP body) are not copied: the writer cuts what it has written so
 * far into `segments`, adds the field's own bytes after it, and leaves their place in `buf` untouched, so a
 * transport that writes the segments in order sends the same bytes with one copy of the body fewer.
 */
export class WireWriter {
  pos = 0;
  private next = 0;
  private nextBlob = 0;
  private segmentStart = 0;

  constructor(
    readonly buf: NodeBufferInternals,
    private readonly state: EncodeState,
    private readonly segments?: Buffer[],
  ) {}

  /** Ends the encoding: the segments, the rest of `buf` written since the last large field last. */
  finishSegments(): Buffer[] {
    const segments = this.segments ?? [];
    if (this.pos > this.segmentStart || segments.length === 0) {
      segments.push(this.buf.subarray(this.segmentStart, this.pos));
    }
    return segments;
  }

  byte(value: number): void {
    this.buf[this.pos++] = value;
  }

  /** The tag bytes of a field whose tag takes two bytes. */
  byte2(first: number, second: number): void {
    this.buf[this.pos++] = first;
    this.buf[this.pos++] = second;
  }

  uint32(value: number): void {
    const buf = this.buf;
    while (value > 0x7f) {
      buf[this.pos++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    buf[this.pos++] = value;
  }

  int32(value: number): void {
    if (value >= 0) this.uint32(value);
    else this.varint64(value, -1);
  }

  /** The length prefix of the next nested message, map entry or packed list. */
  length(): void {
    this.uint32(this.state.sizes[this.next++]!);
  }

  string(text: string): void {
    const length = this.state.sizes[this.next++]!;
    this.uint32(length);
    const buf = this.buf;
    if (length === text.length) {
      // ASCII: one byte per unit.
      if (length < SHORT_STRING) {
        for (let i = 0; i < length; i++) buf[this.pos + i] = text.charCodeAt(i);
      } else {
        buf.latin1Write(text, this.pos, length);
      }
    } else {
      buf.utf8Write(text, this.pos, length);
    }
    this.pos += length;
  }

  bytes(bytes: Uint8Array): void {
    this.uint32(bytes.length);
    this.raw(bytes);
  }

  bool(value: boolean): void {
    this.buf[this.pos++] = value ? 1 : 0;
  }

  double(value: number): void {
    this.pos = this.buf.writeDoubleLE(value, this.pos);
  }

  int64(value: bigint | string | number): void {
    const { lo, hi } = protoInt64.enc(value);
    this.varint64(lo, hi);
  }

  sint64(value: bigint | string | number): void {
    const { lo, hi } = zigzag64(value);
    this.varint64(lo, hi);
  }

  /** A payload protobuf-es encoded during the size pass, with its length prefix. */
  blob(): void {
    this.bytes(this.state.blobs[this.nextBlob++]!);
  }

  raw(bytes: Uint8Array): void {
    if (this.segments !== undefined && bytes.length >= SEGMENT_THRESHOLD) {
      this.segments.push(this.buf.subarray(this.segmentStart, this.pos), asNodeBuffer(bytes));
      this.pos += bytes.length;
      this.segmentStart = this.pos;
      return;
    }
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  unknown(fields: readonly UnknownField[] | undefined): void {
    if (fields === undefined) return;
    for (const field of fields) {
      this.uint32(((field.no << 3) | field.wireType) >>> 0);
      this.raw(field.data);
    }
  }

  private varint64(lo: number, hi: number): void {
    const buf = this.buf;
    lo >>>= 0;
    hi >>>= 0;
    while (hi !== 0 || lo > 0x7f) {
      buf[this.pos++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    buf[this.pos++] = lo;
  }
}

function varint64Size(lo: number, hi: number): number {
  lo >>>= 0;
  hi >>>= 0;
  if (hi === 0) return varintSize(lo);
  let size = 5;
  for (hi >>>= 3; hi !== 0; hi >>>= 7) size++;
  return size;
}

function zigzag64(value: bigint | string | number): { lo: number; hi: number } {
  const { lo, hi } = protoInt64.enc(value);
  const sign = hi >> 31;
  return { lo: ((lo << 1) ^ sign) >>> 0, hi: (((hi << 1) | (lo >>> 31)) ^ sign) >>> 0 };
}
