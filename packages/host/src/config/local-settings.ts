import { join } from 'node:path';
import { ConfigError } from './config-error.js';
import { getKey, isObject } from '@functions-rpc/protocol';
import { readJsonObject } from './json-file.js';

/** What the host uses of local.settings.json. */
export interface LocalSettings {
  /** Whether the file exists. */
  readonly found: boolean;
  /** `Values`: app settings, given to the workers as environment variables. */
  readonly values: Readonly<Record<string, string>>;
}

/**
 * Reads `<appDir>/local.settings.json`; a missing file gives no values.
 *
 * @throws ConfigError when it does not parse, is encrypted, or `Values` is not an object of scalars.
 */
export async function readLocalSettings(appDir: string): Promise<LocalSettings> {
  const path = join(appDir, 'local.settings.json');
  const json = await readJsonObject(path, 'local.settings.json');
  if (!json) return { found: false, values: {} };
  if (getKey(json, 'IsEncrypted') === true) {
    throw new ConfigError('local.settings.json is encrypted (IsEncrypted: true); decrypt it first.');
  }
  const values = getKey(json, 'Values') ?? {};
  if (!isObject(values)) throw new ConfigError('local.settings.json: "Values" must be an object.');
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === null || value === undefined) continue;
    if (typeof value === 'object') {
      throw new ConfigError(`local.settings.json: Values.${key} must be a string, number or boolean.`);
    }
    result[key] = String(value);
  }
  return { found: true, values: result };
}
