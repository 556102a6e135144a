import { create } from '@bufbuild/protobuf';
import { TypedDataSchema, type TypedData } from '@functions-rpc/protocol';

const TYPE_SUFFIX = '@odata.type';
/** First, in the order Azure Storage sends them (Azurite sends `Timestamp` last). */
const SYSTEM_KEYS = ['odata.etag', 'PartitionKey', 'RowKey', 'Timestamp'];

/** JSON text as `json` TypedData, sent as it is. */
export function jsonTypedData(text: string): TypedData {
  return create(TypedDataSchema, { data: { case: 'json', value: text } });
}

/**
 * The JSON text of an entity as the reference host sends a `table` input to a worker, from the entity as the
 * service returned it (`odata=minimalmetadata`). The reference extension reads the entity into a .NET
 * `TableEntity` and writes each of its keys with Newtonsoft.Json, so:
 * - the keys in Azure Storage's order: `odata.etag`, `PartitionKey`, `RowKey`, `Timestamp`, then the properties
 *   as the service sent them; `odata.metadata` and the `@odata.type` annotations are dropped;
 * - `Timestamp` and `Edm.DateTime` values become `2024-05-01T10:20:30.1234567+00:00` (trailing zeros of the
 *   fraction dropped);
 * - `Edm.Int64` values become JSON numbers, written from their digits so none is lost;
 * - `Edm.Double` values are numbers (`NaN` and the infinities as strings); `Edm.Guid` and `Edm.Binary` (base64)
 *   stay strings.
 */
export function entityJson(raw: Readonly<Record<string, unknown>>): string {
  const members: string[] = [];
  const add = (key: string, value: unknown, type: unknown) =>
    members.push(`${JSON.stringify(key)}:${valueJson(value, type)}`);
  for (const key of SYSTEM_KEYS)
    if (key in raw) add(key, raw[key], key === 'Timestamp' ? 'Edm.DateTime' : undefined);
  for (const [key, value] of Object.entries(raw)) {
    if (SYSTEM_KEYS.includes(key) || key === 'odata.metadata' || key.endsWith(TYPE_SUFFIX)) continue;
    add(key, value, raw[`${key}${TYPE_SUFFIX}`]);
  }
  return `{${members.join(',')}}`;
}

/** The JSON text of entities as the reference host sends a `table` input query's result: an array. */
export function entitiesJson(raws: readonly Readonly<Record<string, unknown>>[]): string {
  return `[${raws.map(entityJson).join(',')}]`;
}

function valueJson(value: unknown, type: unknown): string {
  switch (type) {
    case 'Edm.DateTime':
      return typeof value === 'string' ? JSON.stringify(dotNetDateTimeOffset(value)) : JSON.stringify(value);
    case 'Edm.Int64':
      return typeof value === 'string' && /^-?\d+$/.test(value) ? value : JSON.stringify(value);
    case 'Edm.Double':
      return doubleJson(typeof value === 'string' ? Number(value) : value);
    default:
      return typeof value === 'number' ? doubleJson(value) : JSON.stringify(value ?? null);
  }
}

/** Newtonsoft.Json's text of a double: non-finite values as strings, the rest as JSON numbers. */
function doubleJson(value: unknown): string {
  if (typeof value !== 'number') return JSON.stringify(value ?? null);
  if (Number.isNaN(value)) return '"NaN"';
  if (!Number.isFinite(value)) return value > 0 ? '"Infinity"' : '"-Infinity"';
  return JSON.stringify(value);
}

/**
 * An ISO 8601 UTC time as Newtonsoft.Json writes a .NET DateTimeOffset parsed from it: seconds, then up to 7
 * fraction digits without trailing zeros, then `+00:00`. Text that is not such a time is kept.
 */
function dotNetDateTimeOffset(text: string): string {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(text);
  if (!match) return text;
  const fraction = (match[2] ?? '').slice(0, 7).replace(/0+$/, '');
  return `${match[1]}${fraction ? `.${fraction}` : ''}+00:00`;
}
