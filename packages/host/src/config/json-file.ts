import { readFile } from 'node:fs/promises';
import { ConfigError } from './config-error.js';

/** A parsed JSON object. */
export type JsonObject = { readonly [key: string]: unknown };

/**
 * Reads a JSON object file; `undefined` when the file does not exist.
 *
 * @throws ConfigError when it cannot be read, does not parse, or is not an object.
 */
export async function readJsonObject(path: string, label: string): Promise<JsonObject | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(`Cannot read ${label} (${path}): ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    // Tolerate a byte-order mark, as editors on Windows write one.
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ConfigError(`${label} is not valid JSON (${path}): ${(error as Error).message}`);
  }
  if (!isObject(value)) throw new ConfigError(`${label} must hold a JSON object (${path}).`);
  return value;
}

/** Whether a value is a plain JSON object. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a key case-insensitively, as the reference host's JSON binder does. */
export function getKey(object: JsonObject | undefined, key: string): unknown {
  if (!object) return undefined;
  if (key in object) return object[key];
  const lower = key.toLowerCase();
  const found = Object.keys(object).find((name) => name.toLowerCase() === lower);
  return found === undefined ? undefined : object[found];
}

/** A case-insensitive key's value if it is an object. */
export function getObject(object: JsonObject | undefined, key: string): JsonObject | undefined {
  const value = getKey(object, key);
  return isObject(value) ? value : undefined;
}

/** A case-insensitive key's value if it is a string. */
export function getString(object: JsonObject | undefined, key: string): string | undefined {
  const value = getKey(object, key);
  return typeof value === 'string' ? value : undefined;
}
