import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { WorkerLaunch } from './worker-driver.js';

/** The part of a worker.config.json a host needs to launch the worker. */
export interface WorkerConfig {
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

/** Reads `<workerDir>/worker.config.json`. */
export function readWorkerConfig(workerDir: string): WorkerConfig {
  return JSON.parse(readFileSync(join(workerDir, 'worker.config.json'), 'utf8')) as WorkerConfig;
}

/**
 * How a host launches the worker described by `<workerDir>/worker.config.json`: the executable (`node`
 * means this very Node.js), the configured arguments, then the worker path resolved against the worker
 * directory. The host's own arguments come after these.
 */
export function launchFromWorkerConfig(
  workerDir: string,
  env?: Readonly<Record<string, string>>,
): WorkerLaunch {
  const { description } = readWorkerConfig(workerDir);
  const command =
    description.defaultExecutablePath === 'node' ? process.execPath : description.defaultExecutablePath;
  const workerPath = isAbsolute(description.defaultWorkerPath)
    ? description.defaultWorkerPath
    : join(workerDir, description.defaultWorkerPath);
  return {
    command,
    args: [
      ...(description.arguments ?? []).map((arg) => arg.replace('{workerDirectoryPath}', workerDir)),
      workerPath,
    ],
    ...(env ? { env } : {}),
  };
}
