import { join } from 'node:path';
import { parseWorkerConfig, WORKER_CONFIG_FILE, type WorkerConfig } from '@functions-rpc/protocol';
import { ConfigError } from './config-error.js';
import { readJsonObject } from './json-file.js';

/**
 * Reads `<workerDir>/worker.config.json`; `undefined` when there is none.
 *
 * @throws ConfigError when it does not parse or lacks a required description field.
 */
export async function readWorkerConfig(workerDir: string): Promise<WorkerConfig | undefined> {
  const path = join(workerDir, WORKER_CONFIG_FILE);
  const json = await readJsonObject(path, WORKER_CONFIG_FILE);
  if (!json) return undefined;
  try {
    return parseWorkerConfig(json, workerDir);
  } catch (error) {
    throw new ConfigError(`${path}: ${(error as Error).message}`);
  }
}
