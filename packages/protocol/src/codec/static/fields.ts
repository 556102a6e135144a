import {
  fromBinary,
  mergeFromBinary,
  toBinary,
  type DescMessage,
  type MessageShape,
  type UnknownField,
} from '@bufbuild/protobuf';
import { checkWireTypes, wireTypeError } from '../wire-type-check.js';
import { delimitedSize, type EncodeState } from './wire-writer.js';
import { MAX_DEPTH, PREMATURE_EOF, type WireReader } from './wire-reader.js';

/** Per field number of a message: the field's name for errors and what it is (`string field`...). */
export type FieldLabels = Readonly<Record<number, readonly [label: string, kind: string]>>;

/**
 * A field the generated switch did not take: a known field with a wire type it cannot have (refused), or an
 * unknown field, skipped and kept in `$unknown` as protobuf-es keeps it, so it is written back on re-encode.
 */
export function unknownField(
  reader: WireReader,
  tag: number,
  end: number,
  depth: number,
  labels: FieldLabels,
  message: { $unknown?: UnknownField[] },
): void {
  const no = tag >>> 3;
  const known = labels[no];
  if (known !== undefined) throw wireTypeError(known[0], known[1], tag & 7);
  const data = reader.skip(tag, end, depth);
  (message.$unknown ??= []).push({ no, wireType: tag & 7, data });
}

/** A field of a map entry other than a well-typed key (1) or value (2): refused if it is 1 or 2, else skipped. */
export function otherEntryField(
  reader: WireReader,
  tag: number,
  end: number,
  depth: number,
  key: readonly [string, string],
  value: readonly [string, string],
): void {
  const no = tag >>> 3;
  if (no === 1) throw wireTypeError(key[0], key[1], tag & 7);
  if (no === 2) throw wireTypeError(value[0], value[1], tag & 7);
  reader.skip(tag, end, depth);
}

/** Sets a map entry; `__proto__` is a key like any other, as protobuf-es treats it. */
export function setEntry<V>(record: { [key: string]: V }, key: string, value: V): void {
  if (key === '__proto__') {
    Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    record[key] = value;
  }
}

/** Throws unless a message's fields ended exactly where its length said. */
export function checkEnd(reader: WireReader, end: number): void {
  if (reader.pos !== end) throw new Error(PREMATURE_EOF);
}

export function tooDeep(): Error {
  return new Error(`messages nest deeper than ${MAX_DEPTH} levels`);
}

/**
 * A message the generated code does not cover, read by protobuf-es (after the same wire-type check) from
 * its length-delimited bytes, merged into `existing` when the field came before.
 */
export function readByReflection<Desc extends DescMessage>(
  schema: Desc,
  reader: WireReader,
  end: number,
  depth: number,
  existing: MessageShape<Desc> | undefined,
): MessageShape<Desc> {
  const stop = reader.limit(end);
  const bytes = reader.buf.subarray(reader.pos, stop);
  reader.pos = stop;
  checkWireTypes(schema, bytes);
  const options = { recursionLimit: MAX_DEPTH - depth + 1 };
  return existing === undefined
    ? fromBinary(schema, bytes, options)
    : mergeFromBinary(schema, existing, bytes, options);
}

/** Encodes a message the generated code does not cover with protobuf-es; `WireWriter.blob` writes it. */
export function sizeByReflection<Desc extends DescMessage>(
  state: EncodeState,
  schema: Desc,
  message: MessageShape<Desc>,
): number {
  const bytes = toBinary(schema, message);
  state.blobs.push(bytes);
  return delimitedSize(bytes.length);
}
