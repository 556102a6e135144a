import { ConfigError } from './config-error.js';

/** The app setting that sets the largest request body, in bytes, as on the reference host. */
export const BODY_SIZE_LIMIT_SETTING = 'FUNCTIONS_REQUEST_BODY_SIZE_LIMIT';

/** The largest request body when the setting is absent: 100 MB (104857600 bytes), as func start's default. */
export const DEFAULT_REQUEST_BODY_LIMIT = 100 * 1024 * 1024;

/**
 * The request body limit: FUNCTIONS_REQUEST_BODY_SIZE_LIMIT from the app settings, else the host's
 * environment, else 100 MB. It may raise the limit as well as lower it.
 *
 * @throws ConfigError when the setting is not a whole number of bytes (the reference host ignores such a value
 * silently; here it is reported).
 */
export function requestBodyLimit(values: Readonly<Record<string, string>>, env: NodeJS.ProcessEnv): number {
  const text = (values[BODY_SIZE_LIMIT_SETTING] ?? env[BODY_SIZE_LIMIT_SETTING] ?? '').trim();
  if (text === '') return DEFAULT_REQUEST_BODY_LIMIT;
  const bytes = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(bytes))
    throw new ConfigError(`${BODY_SIZE_LIMIT_SETTING} must be a whole number of bytes, got '${text}'.`);
  return bytes;
}
