import type { WorkerConfig } from '@functions-rpc/protocol';
import type { CorsPolicy } from '../http/cors.js';
import type { WorkerLaunch } from '../workers/launch-command.js';
import { buildWorkerLaunch } from '../workers/launch-command.js';
import {
  builtInWorkerDir,
  discoverWorkers,
  selectWorker,
  workerDirsFromEnv,
} from '../workers/worker-discovery.js';
import { configuredRuntime, processCount, workerRuntime } from './app-folder.js';
import { readHostJson, type HostJson } from './host-json.js';
import { inferWorkerRuntime, type InferredRuntime } from './infer-runtime.js';
import { readLocalSettings } from './local-settings.js';
import { requestBodyLimit } from './request-body-limit.js';
import { readWorkerConfig } from './worker-config.js';

/** Everything the host needs to know about an app before it launches workers. */
export interface AppConfig {
  readonly appDir: string;
  readonly hostJson: HostJson;
  /** local.settings.json Values. */
  readonly values: Readonly<Record<string, string>>;
  /** local.settings.json Host.LocalHttpPort. */
  readonly localHttpPort?: number | undefined;
  /** local.settings.json Host.CORS and Host.CORSCredentials. */
  readonly cors?: CorsPolicy | undefined;
  /** The largest request body in bytes (FUNCTIONS_REQUEST_BODY_SIZE_LIMIT, default 100 MB). */
  readonly maxRequestBodyBytes: number;
  readonly worker: WorkerConfig;
  /** Set when FUNCTIONS_WORKER_RUNTIME is not: the runtime worked out from the app's files. */
  readonly inferredRuntime?: InferredRuntime | undefined;
  readonly processCount: number;
  readonly launch: WorkerLaunch;
}

/** What the caller decides besides the app folder. */
export interface AppConfigOptions {
  readonly workers?: number | undefined;
  /** Searched before FNRPC_WORKER_DIRS and the built-in worker. */
  readonly workerDirs?: readonly string[] | undefined;
  readonly env: NodeJS.ProcessEnv;
  /** More worker arguments before its path (`--language-worker`). */
  readonly workerArguments?: readonly string[] | undefined;
}

/**
 * Reads host.json and local.settings.json and finds the worker, all at once.
 *
 * @throws ConfigError for invalid files, a missing runtime or no matching worker.
 */
export async function readAppConfig(appDir: string, options: AppConfigOptions): Promise<AppConfig> {
  const { env } = options;
  const [hostJson, settings, explicit, appWorker, others] = await Promise.all([
    readHostJson(appDir),
    readLocalSettings(appDir),
    discoverWorkers(options.workerDirs ?? []),
    readWorkerConfig(appDir),
    builtInWorkerDir().then((dir) => discoverWorkers([...workerDirsFromEnv(env), ...(dir ? [dir] : [])])),
  ]);
  // An app that ships its own worker.config.json (a .NET isolated build output) is run by that worker, as the
  // reference host does through the app's FunctionMetadataLoader extension; worker folders given as options
  // still come first.
  const configs = [...explicit, ...(appWorker ? [appWorker] : []), ...others];
  const values = settings.values;
  const maxRequestBodyBytes = requestBodyLimit(values, env);
  const configured = configuredRuntime(values, env);
  const inferredRuntime =
    configured === undefined ? await inferWorkerRuntime(appDir, configs, appWorker) : undefined;
  const runtime = workerRuntime(configured, inferredRuntime);
  const worker = selectWorker(configs, runtime);
  const count = processCount(
    options.workers,
    values['FUNCTIONS_WORKER_PROCESS_COUNT'] ?? env['FUNCTIONS_WORKER_PROCESS_COUNT'],
    worker.processOptions.processCount,
    worker.processOptions.maxProcessCount,
  );
  const launch = buildWorkerLaunch(worker, {
    appDir,
    runtime,
    values,
    hostEnv: env,
    workerArguments: options.workerArguments,
  });
  const { localHttpPort, cors } = settings;
  return {
    appDir,
    hostJson,
    values,
    localHttpPort,
    cors,
    maxRequestBodyBytes,
    worker,
    inferredRuntime,
    processCount: count,
    launch,
  };
}
