import { asBytes } from '@functions-rpc/protocol';
import type { CoreTypedData } from '../core-api/types.js';
import { toLegacyRequest } from './legacy-request.js';
import { jsonOrText } from './legacy-text.js';

/**
 * Reads an input or trigger-metadata value for legacy functions: text that holds JSON is parsed (queue
 * messages arrive as text), binary data becomes a Buffer, HTTP becomes the legacy request object.
 */
export function fromLegacyTypedData(data: CoreTypedData | null | undefined): unknown {
  if (!data) return undefined;
  if (typeof data.string === 'string') return jsonOrText(data.string);
  if (typeof data.json === 'string') return JSON.parse(data.json) as unknown;
  if (data.bytes) return data.bytes;
  if (data.stream) return data.stream;
  if (data.http) return toLegacyRequest(data.http);
  if (data.int !== undefined && data.int !== null) return data.int;
  if (data.double !== undefined && data.double !== null) return data.double;
  if (data.collectionBytes) return data.collectionBytes.bytes ?? [];
  if (data.collectionString) return (data.collectionString.string ?? []).map(jsonOrText);
  if (data.collectionDouble) return data.collectionDouble.double ?? [];
  if (data.collectionSint64) return data.collectionSint64.sint64 ?? [];
  return undefined;
}

/** Lower-cases the first letter of every key, recursively, as trigger metadata is exposed. */
export function camelCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelCaseKeys);
  if (typeof value !== 'object' || value === null || Buffer.isBuffer(value)) return value;
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) result[lowerFirst(key)] = camelCaseKeys(item);
  return result;
}

/** `QueueTrigger` -> `queueTrigger`: how trigger metadata names are exposed. */
export function lowerFirst(key: string): string {
  return key.charAt(0).toLowerCase() + key.slice(1);
}

/** Writes an output value: text, binary, integer, double, or JSON for anything else. */
export function toLegacyTypedData(value: unknown): CoreTypedData | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return { string: value };
  const bytes = asBytes(value);
  if (bytes) return { bytes };
  if (typeof value === 'number') return Number.isInteger(value) ? { int: value } : { double: value };
  return { json: JSON.stringify(value) };
}
