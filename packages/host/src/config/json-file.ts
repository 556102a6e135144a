import { readFile } from 'node:fs/promises';
import { isObject, parseConfigJson, type JsonObject } from '@functions-rpc/protocol';
import { ConfigError } from './config-error.js';

/**
 * Reads a JSON object file; `undefined` when the file does not exist. Comments and trailing commas are
 * accepted (see `parseConfigJson`).
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
    value = parseConfigJson(text);
  } catch (error) {
    throw new ConfigError(`${label} is not valid JSON (${path}): ${(error as Error).message}`);
  }
  if (!isObject(value)) throw new ConfigError(`${label} must hold a JSON object (${path}).`);
  return value;
}
