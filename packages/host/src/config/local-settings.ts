import { join } from 'node:path';
import { getKey, isObject, type JsonObject } from '@functions-rpc/protocol';
import { parseCorsOrigins, type CorsPolicy } from '../http/cors.js';
import { ConfigError } from './config-error.js';
import { readJsonObject } from './json-file.js';

/** What the host uses of local.settings.json. */
export interface LocalSettings {
  /** Whether the file exists. */
  readonly found: boolean;
  /** `Values`: app settings, given to the workers as environment variables. */
  readonly values: Readonly<Record<string, string>>;
  /** `Host.LocalHttpPort`: the HTTP port when none is given. */
  readonly localHttpPort?: number;
  /** `Host.CORS` (comma-separated origins) and `Host.CORSCredentials`. */
  readonly cors?: CorsPolicy;
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
  return { found: true, values: result, ...readHostSection(getKey(json, 'Host')) };
}

/** The `Host` section: LocalHttpPort, CORS and CORSCredentials, as func start reads them. */
function readHostSection(host: unknown): Pick<LocalSettings, 'localHttpPort' | 'cors'> {
  if (host === undefined || host === null) return {};
  if (!isObject(host)) throw new ConfigError('local.settings.json: "Host" must be an object.');
  return { ...readPort(host), ...readCors(host) };
}

function readPort(host: JsonObject): Pick<LocalSettings, 'localHttpPort'> {
  const port = getKey(host, 'LocalHttpPort');
  if (port === undefined || port === null) return {};
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(
      `local.settings.json: Host.LocalHttpPort must be a port number, got ${JSON.stringify(port)}.`,
    );
  return { localHttpPort: port };
}

function readCors(host: JsonObject): Pick<LocalSettings, 'cors'> {
  const origins = getKey(host, 'CORS');
  const credentials = getKey(host, 'CORSCredentials') ?? false;
  if (origins === undefined || origins === null || origins === '') return {};
  if (typeof origins !== 'string')
    throw new ConfigError('local.settings.json: Host.CORS must be a comma-separated string of origins.');
  if (typeof credentials !== 'boolean')
    throw new ConfigError('local.settings.json: Host.CORSCredentials must be true or false.');
  return { cors: { origins: parseCorsOrigins(origins), credentials } };
}
