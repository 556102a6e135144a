import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfigError } from './config-error.js';

/**
 * The absolute path of an app folder.
 *
 * @throws ConfigError when it does not exist or is not a folder.
 */
export async function resolveAppFolder(appDir: string): Promise<string> {
  const path = resolve(appDir);
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new ConfigError(`App folder not found: ${path}`);
  if (!info.isDirectory()) throw new ConfigError(`Not a folder: ${path}`);
  return path;
}

/**
 * FUNCTIONS_WORKER_RUNTIME from the app settings, else the host's environment.
 *
 * @param appLanguage the language of the app's own worker.config.json, if it has one: the error suggests it.
 * @throws ConfigError when neither sets it.
 */
export function workerRuntime(
  values: Readonly<Record<string, string>>,
  env: NodeJS.ProcessEnv,
  appLanguage?: string,
): string {
  const runtime = (values['FUNCTIONS_WORKER_RUNTIME'] ?? env['FUNCTIONS_WORKER_RUNTIME'] ?? '').trim();
  if (runtime === '') {
    const example = appLanguage ?? 'node';
    // A build output without local.settings.json (say, `dotnet publish`) names its worker in worker.config.json.
    const hint = appLanguage
      ? `; this folder's worker.config.json is for "${appLanguage}", so set FUNCTIONS_WORKER_RUNTIME=${appLanguage} in the environment or`
      : ': add it to';
    throw new ConfigError(
      `FUNCTIONS_WORKER_RUNTIME is not set${hint} "Values" in local.settings.json (e.g. "FUNCTIONS_WORKER_RUNTIME": "${example}").`,
    );
  }
  return runtime;
}

/**
 * How many worker processes to run: the option, else FUNCTIONS_WORKER_PROCESS_COUNT (app setting or
 * environment), else the worker config's processCount; at least 1 and at most maxProcessCount.
 *
 * @throws ConfigError when a given count is not a whole number or exceeds the maximum.
 */
export function processCount(
  option: number | undefined,
  setting: string | undefined,
  configured: number,
  max: number,
): number {
  const raw = option ?? (setting !== undefined && setting.trim() !== '' ? Number(setting) : configured);
  if (!Number.isInteger(raw))
    throw new ConfigError(
      `The worker process count must be a whole number, got ${String(option ?? setting)}.`,
    );
  if (raw > max)
    throw new ConfigError(`The worker process count ${raw} exceeds the worker's maxProcessCount ${max}.`);
  return Math.max(1, raw);
}
