import { create, isMessage } from '@bufbuild/protobuf';
import {
  ModelBindingDataSchema,
  RpcHttpSchema,
  TypedDataSchema,
  type ModelBindingData,
  type RpcHttp,
  type TypedData,
} from '../gen/FunctionRpc_pb.js';

/** The name of one member of `TypedData.data`, such as `json` or `collectionString`. */
export type TypedDataKind = Exclude<TypedData['data']['case'], undefined>;

/** A JavaScript value as read out of a TypedData by {@link fromTypedData}. */
export type TypedDataValue =
  | undefined
  | string
  | number
  | bigint
  | boolean
  | null
  | Uint8Array
  | RpcHttp
  | ModelBindingData
  | readonly unknown[]
  | { readonly [key: string]: unknown };

/** Options of {@link fromTypedData}. */
export interface FromTypedDataOptions {
  /** `parse` (the default) turns `json` members into values; `text` keeps the JSON text. */
  readonly json?: 'parse' | 'text';
}

/**
 * Reads a TypedData into a plain JavaScript value: `string` as is, `json` parsed, `bytes` and `stream` as
 * Uint8Array, `int` as a number when it is a safe integer and as a bigint otherwise, `double` as a number,
 * collections as arrays, `http` and model binding data as their messages, and no member as undefined.
 *
 * @throws SyntaxError when a `json` member does not parse (with `json: 'parse'`).
 */
export function fromTypedData(
  data: TypedData | undefined,
  options: FromTypedDataOptions = {},
): TypedDataValue {
  if (!data) return undefined;
  const member = data.data;
  switch (member.case) {
    case undefined:
      return undefined;
    case 'json':
      return options.json === 'text' ? member.value : (JSON.parse(member.value) as TypedDataValue);
    case 'int':
      return safeNumber(member.value);
    case 'collectionBytes':
      return member.value.bytes;
    case 'collectionString':
      return member.value.string;
    case 'collectionDouble':
      return member.value.double;
    case 'collectionSint64':
      return member.value.sint64.map(safeNumber);
    case 'collectionModelBindingData':
      return member.value.modelBindingData;
    default:
      return member.value;
  }
}

// Built once: safeNumber runs for every int the worker hands to user code.
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Converts a 64-bit integer to a number when that loses nothing. */
export function safeNumber(value: bigint): number | bigint {
  return value >= MIN_SAFE && value <= MAX_SAFE ? Number(value) : value;
}

/**
 * Wraps a JavaScript value in a TypedData. Without `kind` the member is inferred: null or undefined give an
 * empty TypedData, strings `string`, binary data `bytes`, bigints and safe integers `int`, other numbers
 * `double`, RpcHttp and ModelBindingData messages their own members, anything else `json`. With `kind`
 * the value is put in that member, converting where that is well defined.
 *
 * @throws TypeError when the value cannot be put into the requested member.
 */
export function toTypedData(value: unknown, kind?: TypedDataKind): TypedData {
  return create(TypedDataSchema, { data: kind ? explicitMember(value, kind) : inferredMember(value) });
}

type MemberInit = NonNullable<Parameters<typeof create<typeof TypedDataSchema>>[1]>['data'];

function inferredMember(value: unknown): MemberInit {
  if (value === null || value === undefined) return { case: undefined };
  if (typeof value === 'string') return { case: 'string', value };
  if (typeof value === 'bigint') return { case: 'int', value };
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) ? { case: 'int', value: BigInt(value) } : { case: 'double', value };
  }
  const bytes = asBytes(value);
  if (bytes) return { case: 'bytes', value: bytes };
  if (isMessage(value, RpcHttpSchema)) return { case: 'http', value };
  if (isMessage(value, ModelBindingDataSchema)) return { case: 'modelBindingData', value };
  return { case: 'json', value: toJson(value) };
}

function explicitMember(value: unknown, kind: TypedDataKind): MemberInit {
  switch (kind) {
    case 'string':
      return { case: kind, value: typeof value === 'string' ? value : toJson(value) };
    case 'json':
      return { case: kind, value: toJson(value) };
    case 'bytes':
    case 'stream':
      return { case: kind, value: requireBytes(value, kind) };
    case 'int':
      return { case: kind, value: toBigInt(value) };
    case 'double':
      return { case: kind, value: requireNumber(value) };
    case 'http':
      return { case: kind, value: requireMessage(value, RpcHttpSchema, kind) };
    case 'modelBindingData':
      return { case: kind, value: requireMessage(value, ModelBindingDataSchema, kind) };
    case 'collectionString':
      return { case: kind, value: { string: requireArray(value, kind).map(String) } };
    case 'collectionBytes':
      return {
        case: kind,
        value: { bytes: requireArray(value, kind).map((item) => requireBytes(item, kind)) },
      };
    case 'collectionDouble':
      return { case: kind, value: { double: requireArray(value, kind).map(requireNumber) } };
    case 'collectionSint64':
      return { case: kind, value: { sint64: requireArray(value, kind).map(toBigInt) } };
    case 'collectionModelBindingData':
      return {
        case: kind,
        value: {
          modelBindingData: requireArray(value, kind).map((item) =>
            requireMessage(item, ModelBindingDataSchema, kind),
          ),
        },
      };
  }
}

/** Binary data in any of the forms Node code holds it, viewed (not copied) as a Uint8Array. */
export function asBytes(value: unknown): Uint8Array | undefined {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return undefined;
}

const encoder = new TextEncoder();

function toJson(value: unknown): string {
  const text = JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'bigint' ? item.toString() : item,
  );
  if (text === undefined) throw new TypeError(`A ${typeof value} cannot be written as JSON.`);
  return text;
}

function requireBytes(value: unknown, kind: string): Uint8Array {
  if (typeof value === 'string') return encoder.encode(value);
  const bytes = asBytes(value);
  if (!bytes) throw new TypeError(`TypedData.${kind} needs binary data or a string, got ${describe(value)}.`);
  return bytes;
}

function requireNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  throw new TypeError(`TypedData needs a number, got ${describe(value)}.`);
}

function toBigInt(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  throw new TypeError(`TypedData.int needs an integer, got ${describe(value)}.`);
}

function requireArray(value: unknown, kind: string): unknown[] {
  if (Array.isArray(value)) return value;
  throw new TypeError(`TypedData.${kind} needs an array, got ${describe(value)}.`);
}

function requireMessage<T>(
  value: unknown,
  schema: typeof RpcHttpSchema | typeof ModelBindingDataSchema,
  kind: string,
): T {
  if (isMessage(value, schema)) return value as T;
  if (value !== null && typeof value === 'object') return create(schema, value) as T;
  throw new TypeError(`TypedData.${kind} needs an object, got ${describe(value)}.`);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
