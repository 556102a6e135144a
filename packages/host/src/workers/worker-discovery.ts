import { readdir, realpath, stat } from 'node:fs/promises';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../config/config-error.js';
import { WORKER_CONFIG_FILE, type WorkerConfig } from '@functions-rpc/protocol';
import { readWorkerConfig } from '../config/worker-config.js';

/** The package of our own Node.js worker, a dependency of the host. */
const BUILT_IN_WORKER_PACKAGE = '@functions-rpc/worker';

/** The environment variable naming extra worker directories, separated by the platform's path delimiter. */
export const WORKER_DIRS_ENV = 'FNRPC_WORKER_DIRS';

/**
 * The folder of our built-in worker package (holding its worker.config.json), found the way Node resolves
 * packages: the nearest `node_modules/@functions-rpc/worker` above this module.
 */
export async function builtInWorkerDir(): Promise<string | undefined> {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'node_modules', BUILT_IN_WORKER_PACKAGE);
    if (await isDirectory(candidate)) return realpath(candidate);
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Worker directories listed in FNRPC_WORKER_DIRS. */
export function workerDirsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env[WORKER_DIRS_ENV] ?? '').split(delimiter).filter((dir) => dir.trim() !== '');
}

/**
 * Reads the worker.config.json of every directory, in order. A directory without one is searched one level
 * down (a `workers/` folder holding one folder per language, as the reference host lays them out).
 *
 * @throws ConfigError when a named directory does not exist or a config is invalid.
 */
export async function discoverWorkers(dirs: readonly string[]): Promise<WorkerConfig[]> {
  const found: WorkerConfig[] = [];
  for (const dir of dirs.map((d) => resolve(d))) {
    if (!(await isDirectory(dir))) throw new ConfigError(`Worker directory not found: ${dir}`);
    const config = await readWorkerConfig(dir);
    if (config) {
      found.push(config);
      continue;
    }
    const children = await readdir(dir, { withFileTypes: true });
    for (const child of children.filter((entry) => entry.isDirectory())) {
      const nested = await readWorkerConfig(join(dir, child.name));
      if (nested) found.push(nested);
    }
  }
  return found;
}

/**
 * The first enabled worker whose language equals the runtime (case-insensitive).
 *
 * @throws ConfigError naming the languages that are available when none matches.
 */
export function selectWorker(configs: readonly WorkerConfig[], runtime: string): WorkerConfig {
  const wanted = runtime.toLowerCase();
  const match = configs.find((config) => !config.isDisabled && config.language.toLowerCase() === wanted);
  if (match) return match;
  const known = [...new Set(configs.map((config) => config.language))].join(', ') || 'none';
  throw new ConfigError(
    `No language worker for FUNCTIONS_WORKER_RUNTIME "${runtime}" (workers found: ${known}); ` +
      `add one with --worker-dir or ${WORKER_DIRS_ENV} (a folder holding ${WORKER_CONFIG_FILE}).`,
  );
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}
