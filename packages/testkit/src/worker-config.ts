import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  parseWorkerConfig,
  WORKER_CONFIG_FILE,
  workerCommand,
  type JsonObject,
} from '@functions-rpc/protocol';
import type { WorkerLaunch } from './worker-driver.js';

/** worker.config.json as written, for tests that check the file itself. */
export interface WorkerConfigFile {
  readonly description: {
    readonly language: string;
    readonly extensions: readonly string[];
    readonly defaultExecutablePath: string;
    readonly defaultWorkerPath: string;
    readonly arguments?: readonly string[];
    readonly workerIndexing?: string;
  };
  readonly processOptions?: Readonly<Record<string, string | number | boolean>>;
}

/** Reads `<workerDir>/worker.config.json` as written. */
export function readWorkerConfig(workerDir: string): WorkerConfigFile {
  return readJson(workerDir) as WorkerConfigFile;
}

/**
 * How a host launches the worker described by `<workerDir>/worker.config.json` (the protocol package's
 * `parseWorkerConfig` and `workerCommand`, with `%VAR%` expanded against this process's environment and `env`).
 * The host's own arguments come after these.
 */
export function launchFromWorkerConfig(
  workerDir: string,
  env?: Readonly<Record<string, string>>,
): WorkerLaunch {
  const config = parseWorkerConfig(readJson(workerDir) as JsonObject, workerDir);
  const tokens: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) tokens[key] = value;
  return { ...workerCommand(config, { ...tokens, ...env }), ...(env ? { env } : {}) };
}

function readJson(workerDir: string): unknown {
  return JSON.parse(readFileSync(join(workerDir, WORKER_CONFIG_FILE), 'utf8'));
}
