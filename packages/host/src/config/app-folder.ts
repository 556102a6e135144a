import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfigError } from './config-error.js';
import type { InferredRuntime } from './infer-runtime.js';

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

/** FUNCTIONS_WORKER_RUNTIME from the app settings, else the host's environment; undefined when unset. */
export function configuredRuntime(
  values: Readonly<Record<string, string>>,
  env: NodeJS.ProcessEnv,
): string | undefined {
  const runtime = (values['FUNCTIONS_WORKER_RUNTIME'] ?? env['FUNCTIONS_WORKER_RUNTIME'] ?? '').trim();
  return runtime === '' ? undefined : runtime;
}

/**
 * The worker runtime: the configured one, else the one worked out from the app's files.
 *
 * @throws ConfigError when neither tells.
 */
export function workerRuntime(configured: string | undefined, inferred?: InferredRuntime): string {
  if (configured !== undefined) return configured;
  if (inferred) return inferred.runtime;
  throw new ConfigError(
    'FUNCTIONS_WORKER_RUNTIME is not set and the app\'s files do not tell: add it to "Values" in local.settings.json (e.g. "FUNCTIONS_WORKER_RUNTIME": "node").',
  );
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
