import { protoInt64 } from '@bufbuild/protobuf';
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import { asNodeBuffer, type NodeBufferInternals } from './node-buffer.js';

/** The message protobuf-es and this reader give for data that ends inside a field. */
export const PREMATURE_EOF = 'premature EOF';

/** How deep messages may nest, as protobuf-es's default `recursionLimit`. */
export const MAX_DEPTH = 100;

/** Short ASCII strings are built in JavaScript; a native call costs more than the loop below this length. */
const SHORT_STRING = 8;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The cursor the generated decoders read with: bounds-checked varints, fixed-width numbers, strings and bytes,
 * each failing with the messages protobuf-es uses (`premature EOF`, `invalid varint`, `illegal tag ...`).
 * Bytes fields are views into the input, as protobuf-es gives them.
 */
export class WireReader {
  /** The input, whose views bytes fields become. */
  readonly buf: Uint8Array;
  /** The same memory as a Node Buffer, for native string decoding. */
  private readonly text: NodeBufferInternals;
  private view: DataView | undefined;
  pos = 0;

  constructor(buf: Uint8Array) {
    this.buf = buf;
    this.text = asNodeBuffer(buf);
  }

  /** Reads a tag and returns it whole (`field number << 3 | wire type`), refusing field 0 and wire types 6, 7. */
  tag(): number {
    const first = this.buf[this.pos];
    if (first !== undefined && first < 0x80 && first >= 8 && (first & 7) < 6) {
      this.pos++;
      return first;
    }
    const start = this.pos;
    const tag = this.uint32();
    if (this.pos - start > 5 || (this.pos - start === 5 && this.buf[this.pos - 1]! > 0x0f)) {
      throw new Error('illegal tag: varint overflows uint32');
    }
    const fieldNo = tag >>> 3;
    const wireType = tag & 7;
    if (fieldNo === 0 || wireType > 5) {
      throw new Error(`illegal tag: field no ${fieldNo} wire type ${wireType}`);
    }
    return tag;
  }

  /** An unsigned 32-bit varint; longer encodings of negative int32 values are read and their high bits dropped. */
  uint32(): number {
    const byte = this.buf[this.pos];
    if (byte !== undefined && byte < 0x80) {
      this.pos++;
      return byte;
    }
    return this.varint32Slow();
  }

  int32(): number {
    return this.uint32() | 0;
  }

  bool(): boolean {
    const byte = this.buf[this.pos];
    if (byte !== undefined && byte < 0x80) {
      this.pos++;
      return byte !== 0;
    }
    const [lo, hi] = this.varint64();
    return lo !== 0 || hi !== 0;
  }

  double(): number {
    const at = this.pos;
    if (at + 8 > this.buf.length) throw new Error(PREMATURE_EOF);
    this.pos = at + 8;
    this.view ??= new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    return this.view.getFloat64(at, true);
  }

  int64(): bigint {
    const [lo, hi] = this.varint64();
    return protoInt64.dec(lo, hi);
  }

  sint64(): bigint {
    const [lo, hi] = this.varint64();
    const sign = -(lo & 1);
    return protoInt64.dec(((lo >>> 1) | ((hi & 1) << 31)) ^ sign, (hi >>> 1) ^ sign);
  }

  /** Reads a length prefix and returns where the value it announces ends, which must be within `end`. */
  limit(end: number): number {
    const length = this.uint32();
    const stop = this.pos + length;
    if (stop > end) throw new Error(PREMATURE_EOF);
    return stop;
  }

  bytes(end: number): Uint8Array {
    const stop = this.limit(end);
    const start = this.pos;
    this.pos = stop;
    return this.buf.subarray(start, stop);
  }

  /** UTF-8 text, refused when it is not valid UTF-8 (as protobuf-es with `utf8Validation`). */
  string(end: number): string {
    const stop = this.limit(end);
    const start = this.pos;
    this.pos = stop;
    const buf = this.buf;
    if (stop - start < SHORT_STRING) {
      let text = '';
      for (let i = start; i < stop; i++) {
        const byte = buf[i]!;
        if (byte >= 0x80) return decodeStrict(buf, start, stop);
        text += String.fromCharCode(byte);
      }
      return text;
    }
    const text = this.text.utf8Slice(start, stop);
    // The lenient native decoder writes U+FFFD for invalid input; only then is the strict decoder needed
    // to tell an encoded U+FFFD from bad bytes.
    return text.indexOf('\uFFFD') === -1 ? text : decodeStrict(buf, start, stop);
  }

  /**
   * Skips the value of the field whose tag was just read and returns its bytes, as protobuf-es keeps them in
   * `$unknown` (for length-delimited values, the length prefix included).
   */
  skip(tag: number, end: number, depth: number): Uint8Array {
    const start = this.pos;
    switch (tag & 7) {
      case WireType.Varint:
        this.skipVarint();
        break;
      case WireType.Bit64:
        this.pos += 8;
        break;
      case WireType.Bit32:
        this.pos += 4;
        break;
      case WireType.LengthDelimited:
        this.pos = this.limit(end);
        break;
      case WireType.StartGroup: {
        // No field of this protocol is a group: leave the rare unknown one to protobuf-es's reader.
        const reader = new BinaryReader(this.buf.subarray(start, end));
        reader.skip(WireType.StartGroup, tag >>> 3, MAX_DEPTH - depth);
        this.pos += reader.pos;
        break;
      }
      default:
        throw new Error(`illegal tag: field no ${tag >>> 3} wire type ${tag & 7}`);
    }
    if (this.pos > end) throw new Error(PREMATURE_EOF);
    return this.buf.subarray(start, this.pos);
  }

  private skipVarint(): void {
    const buf = this.buf;
    for (let i = 0; i < 10; i++) {
      const byte = buf[this.pos++];
      if (byte === undefined) throw new Error(PREMATURE_EOF);
      if (byte < 0x80) return;
    }
    throw new Error('invalid varint');
  }

  private varint32Slow(): number {
    const buf = this.buf;
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = buf[this.pos++];
      if (byte === undefined) throw new Error(PREMATURE_EOF);
      value |= (byte & 0x7f) << shift;
      if (byte < 0x80) return value >>> 0;
    }
    // Bits past 32 (sign extension of a negative int32): up to five more bytes, dropped.
    for (let i = 0; i < 5; i++) {
      const byte = buf[this.pos++];
      if (byte === undefined) throw new Error(PREMATURE_EOF);
      if (byte < 0x80) return value >>> 0;
    }
    throw new Error('invalid varint');
  }

  /** A varint of up to 64 bits as two's-complement halves [lo, hi]. */
  private varint64(): [number, number] {
    const buf = this.buf;
    let lo = 0;
    let hi = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      const byte = this.next(buf);
      lo |= (byte & 0x7f) << shift;
      if (byte < 0x80) return [lo >>> 0, 0];
    }
    const middle = this.next(buf);
    lo |= (middle & 0xf) << 28;
    hi = (middle & 0x7f) >> 4;
    if (middle < 0x80) return [lo >>> 0, hi >>> 0];
    for (let shift = 3; shift <= 31; shift += 7) {
      const byte = this.next(buf);
      hi |= (byte & 0x7f) << shift;
      if (byte < 0x80) return [lo >>> 0, hi >>> 0];
    }
    throw new Error('invalid varint');
  }

  private next(buf: Uint8Array): number {
    const byte = buf[this.pos++];
    if (byte === undefined) throw new Error(PREMATURE_EOF);
    return byte;
  }
}

function decodeStrict(buf: Uint8Array, start: number, stop: number): string {
  return strictUtf8.decode(buf.subarray(start, stop));
}
