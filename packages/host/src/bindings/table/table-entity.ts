import type { TypedData } from '@functions-rpc/protocol';
import { validKey } from './table-keys.js';

/** A property value as the tables SDK writes it: Int64 and Double with their EDM type, others as they are. */
export type EntityValue =
  | string
  | boolean
  | { readonly value: string; readonly type: 'Int64' }
  | {
      readonly value: number;
      readonly type: 'Double';
    };

/** One entity to write, and how: insert, insert-or-replace (`odata.etag` `*`), or replace if the ETag matches. */
export interface EntityWrite {
  readonly partitionKey: string;
  readonly rowKey: string;
  readonly mode: 'add' | 'upsert' | 'update';
  readonly etag?: string;
  readonly properties: Readonly<Record<string, EntityValue>>;
}

/** The binding's keys for one invocation: used for an entity that has none of its own. */
export interface DefaultKeys {
  readonly partitionKey?: string;
  readonly rowKey?: string;
}

/** Azure Storage's limits, checked here so that a worker's bad entity fails with a message that names it. */
const MAX_PROPERTIES = 252;
const MAX_STRING_UNITS = 32 * 1024;
const MAX_KEY_UNITS = 1024;
const MAX_ENTITY_BYTES = 1024 * 1024;
const MAX_NAME_LENGTH = 255;
const PROPERTY_NAME = /^[\p{L}_][\p{L}\p{N}_]*$/u;
/** Names the tables SDK takes for system properties (it renames them), so it cannot write them as user properties. */
const SDK_RESERVED = new Set(['etag', 'timestamp']);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * The entities a `table` output value holds, as the reference host reads them (BINDINGS.md 6): a JSON
 * object, or an array of them (also as JSON text); `PartitionKey`/`RowKey` matched case-insensitively, else
 * the binding's; `odata.etag` chooses the write; `Timestamp` is the service's and is not written; null
 * properties are not stored; whole numbers become Int64 and other numbers Double, as its JSON reader types them.
 *
 * @throws Error naming the entity (by position) and what is wrong with it: not an object, a bad or missing key,
 *   a nested value, a property name Azure Storage refuses, or a size over its limits.
 */
export function tableEntities(value: TypedData, keys: DefaultKeys): EntityWrite[] {
  const items = jsonItems(value);
  return items.map((item, index) => {
    try {
      return entityWrite(item, keys);
    } catch (error) {
      const which = items.length === 1 ? 'The entity' : `Entity ${index}`;
      throw new Error(`${which} cannot be written to a table: ${(error as Error).message}`);
    }
  });
}

function jsonItems(value: TypedData): unknown[] {
  const data = value.data;
  let parsed: unknown;
  if (data.case === 'json') parsed = JSON.parse(data.value);
  else if (data.case === 'string' && /^\s*[{[]/.test(data.value)) parsed = parseJsonText(data.value);
  else throw new Error(`A table output takes JSON objects (entities), not ${caseName(data.case)}.`);
  return Array.isArray(parsed) ? parsed : [parsed];
}

function caseName(kind: TypedData['data']['case']): string {
  switch (kind) {
    case 'int':
    case 'double':
      return 'a number';
    case 'string':
      return 'text that is not a JSON object or array';
    default:
      return `'${String(kind)}' data`;
  }
}

function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error('A table output takes JSON objects (entities); the text it got is not JSON.');
  }
}

function entityWrite(item: unknown, keys: DefaultKeys): EntityWrite {
  if (typeof item !== 'object' || item === null || Array.isArray(item))
    throw new Error(`it is ${describe(item)}, not a JSON object.`);
  const record = item as Record<string, unknown>;
  const partitionKey = checkedKey('PartitionKey', ownKey(record, 'PartitionKey') ?? keys.partitionKey);
  const rowKey = checkedKey('RowKey', ownKey(record, 'RowKey') ?? keys.rowKey);
  const properties: Record<string, EntityValue> = {};
  let bytes = 4 + (partitionKey.length + rowKey.length) * 2;
  for (const [name, raw] of Object.entries(record)) {
    if (isSystemName(name) || raw === null || raw === undefined) continue;
    const value = propertyValue(name, raw);
    properties[name] = value;
    bytes += 8 + name.length * 2 + valueBytes(value);
  }
  const count = Object.keys(properties).length;
  if (count > MAX_PROPERTIES)
    throw new Error(
      `it has ${count} properties; Azure Storage takes at most ${MAX_PROPERTIES} besides the keys.`,
    );
  if (bytes > MAX_ENTITY_BYTES)
    throw new Error(`it is about ${bytes} bytes; Azure Storage takes entities up to 1 MiB.`);
  return { partitionKey, rowKey, properties, ...writeMode(record['odata.etag']) };
}

/** The value of `PartitionKey`/`RowKey` in any case, as text; null or absent means the binding's. */
function ownKey(record: Record<string, unknown>, name: string): string | undefined {
  const matches = Object.keys(record).filter((key) => key.toLowerCase() === name.toLowerCase());
  if (matches.length > 1) throw new Error(`it has more than one '${name}' property (${matches.join(', ')}).`);
  const value = matches[0] === undefined ? undefined : record[matches[0]];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object') throw new Error(`its '${name}' is ${describe(value)}, not text.`);
  // As Newtonsoft.Json's string conversion of a number or boolean.
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}

function checkedKey(name: string, value: string | undefined): string {
  if (value !== undefined && value.length > MAX_KEY_UNITS)
    throw new Error(`its ${name} is ${value.length} characters long; Azure Storage takes keys up to 1 KiB.`);
  return validKey(value);
}

function isSystemName(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === 'partitionkey' || lower === 'rowkey' || name === 'Timestamp' || name === 'odata.etag';
}

function propertyValue(name: string, value: unknown): EntityValue {
  if (name.length > MAX_NAME_LENGTH || !PROPERTY_NAME.test(name))
    throw new Error(
      `the property name '${name}' is not one Azure Storage takes (letters, digits and '_', not starting with a digit, up to 255).`,
    );
  if (SDK_RESERVED.has(name))
    throw new Error(
      `the property name '${name}' cannot be written by this host; rename it (e.g. '${name}Value').`,
    );
  switch (typeof value) {
    case 'string':
      if (value.length > MAX_STRING_UNITS)
        throw new Error(
          `its property '${name}' is ${value.length} characters long; Azure Storage takes up to 64 KiB.`,
        );
      return value;
    case 'boolean':
      return value;
    case 'number':
      return Number.isInteger(value) && BigInt(value) <= INT64_MAX && BigInt(value) >= -INT64_MAX - 1n
        ? { value: BigInt(value).toString(), type: 'Int64' }
        : { value, type: 'Double' };
    default:
      throw new Error(
        `its property '${name}' is ${describe(value)}; a table property must be text, a number or a boolean.`,
      );
  }
}

function writeMode(etag: unknown): Pick<EntityWrite, 'mode' | 'etag'> {
  if (etag === undefined || etag === null || etag === '') return { mode: 'add' };
  if (typeof etag !== 'string') throw new Error(`its 'odata.etag' is ${describe(etag)}, not text.`);
  return etag === '*' ? { mode: 'upsert' } : { mode: 'update', etag };
}

/** The stored size of a value as Azure Storage counts it. */
function valueBytes(value: EntityValue): number {
  if (typeof value === 'string') return 4 + value.length * 2;
  if (typeof value === 'boolean') return 1;
  return 8;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value} (${JSON.stringify(value)})`;
}
