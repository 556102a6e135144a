import { FunctionRpcServer } from '@functions-rpc/protocol';
import type { InvocationOutcome } from './channel/invocation-outcome.js';
import { WorkerChannel } from './channel/worker-channel.js';
import { readAppConfig, type AppConfig } from './config/app-config.js';
import { ConfigError } from './config/config-error.js';
import { resolveAppFolder } from './config/app-folder.js';
import type { HealthCheckOptions } from './dispatch/worker-pool.js';
import type { HostStatus } from './admin/host-status.js';
import { mergeCorsPolicy, type CorsOptions } from './http/cors.js';
import type { HttpLimits } from './http/http-limits.js';
import { hostLogFilter } from './lifecycle/host-log-filter.js';
import { HOST_VERSION } from './lifecycle/host-version.js';
import { workerChannelOptions } from './lifecycle/worker-channel-options.js';
import { HostLogger, type LogSink } from './log/host-logger.js';
import type { StorageMode } from './storage/embedded-storage.js';
import type { LogRecord } from './log/log-record.js';

export { HOST_VERSION };

/** Options of {@link startHost}. */
export interface StartHostOptions {
  /** The function app folder (holding host.json). */
  readonly appDir: string;
  /** HTTP port on 127.0.0.1; default local.settings.json Host.LocalHttpPort, else 7071; 0 picks a free one. */
  readonly port?: number;
  /**
   * Cross-origin requests to allow: origins (`*` for any) and whether they may send credentials; what is
   * not given comes from local.settings.json Host.CORS and Host.CORSCredentials.
   */
  readonly cors?: CorsOptions;
  /**
   * Require keys as the functions' auth levels and the admin API ask, as `func start --enableAuth` does.
   * Default false, as `func start`: every function and the admin API answer without a key (the host
   * listens on 127.0.0.1 only); a disabled function still needs the master key.
   */
  readonly enableAuth?: boolean;
  /** Run only these functions, by name, as `func start --functions` does; default host.json `functions`. */
  readonly functions?: readonly string[];
  /**
   * More arguments for the worker process, before its path, as `func start --language-worker` gives them
   * (for Node.js, `['--inspect=9229']` lets a debugger attach); app settings may also set
   * `languageWorkers:<language>:arguments`.
   */
  readonly workerArguments?: readonly string[];
  /** Worker processes; default FUNCTIONS_WORKER_PROCESS_COUNT, else the worker config's processCount. */
  readonly workers?: number;
  /** Extra worker directories (each holding worker.config.json, or folders that do), searched before ours. */
  readonly workerDirs?: readonly string[];
  /** Receives every log record that host.json's logging.logLevel (or `verbose`) lets through. */
  readonly onLog?: LogSink;
  /** Lets Debug records through to `onLog` whatever host.json says. */
  readonly verbose?: boolean;
  /**
   * How many records {@link RunningHost.logs} keeps (the oldest are dropped); default 10 000. A program
   * that only prints them through `onLog` can pass 0: under load each kept record outlives the young
   * generation, so keeping them costs the collector time and the host memory.
   */
  readonly keepLogs?: number;
  /** Worker health checks (WorkerStatus); default every 10 s, restart after 60 s without an answer. */
  readonly healthCheck?: HealthCheckOptions;
  /** How long a timed-out invocation on a worker that cannot cancel may still finish before the worker is restarted; default 5 s. */
  readonly cancelGraceMs?: number;
  /** First restart delay after a worker error (doubled per further error); default 100 ms. */
  readonly restartBackoffMs?: number;
  /**
   * The HTTP front end's connection cap, header and request timeouts and budget of request bytes in memory;
   * what is not given comes from host.json `extensions.http`, else {@link DEFAULT_HTTP_LIMITS}.
   */
  readonly httpLimits?: Partial<HttpLimits>;
  /** The environment the workers inherit; default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * What `UseDevelopmentStorage=true` means: `'azurite'` (default) uses the Azurite listening on its default
   * ports, else starts one with its data under the app's `.fnrpc/azurite`; `'memory'` starts a private
   * in-memory Azurite on free ports, stopped with the host, and makes it `AzureWebJobsStorage` unless the
   * app sets that.
   */
  readonly storage?: StorageMode;
  /**
   * The host id: hosts of one app on one storage account share timer locks and status only when their ids
   * are equal. Default `AzureFunctionsWebHost__hostid`, else as the reference host derives it (machine name
   * and app path, locally).
   */
  readonly hostId?: string;
  /**
   * The largest gRPC message between the host and its workers, in bytes, each way; default 2147483647 as
   * the reference host. A blob a function would receive must fit in one message.
   */
  readonly maxMessageLength?: number;
}

/** A message {@link RunningHost.sendQueueMessage} put on a queue. */
export interface QueueMessageSent {
  readonly messageId: string;
  /** Resolves with the outcome of the first run of a function of this host for the message. */
  readonly ran: Promise<InvocationOutcome>;
}

/** One function as the host reports it. */
export interface HostFunction {
  readonly name: string;
  /** The trigger binding's type, e.g. `httpTrigger`, `timerTrigger`. */
  readonly trigger: string;
  /** HTTP functions: upper-case methods (empty = any). */
  readonly methods?: readonly string[];
  /** HTTP functions: the URL, with the route's own letter case (routes match in any case). */
  readonly url?: string;
  readonly authLevel?: string;
  readonly disabled: boolean;
  /**
   * Why the function is in error (e.g. a binding type the host does not support); such a function is
   * listed but neither served, scheduled nor invoked.
   */
  readonly error?: string;
}

/** What a file watcher needs to restart a host on changes, as the Functions host does. */
export interface FileWatching {
  /** host.json `fileWatchingEnabled` (default true). */
  readonly enabled: boolean;
  /** The worker's `extensions` (worker.config.json): a change to such a file calls for a restart. */
  readonly extensions: readonly string[];
}

/** A running host. */
export interface RunningHost {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  readonly url: string;
  readonly appDir: string;
  /** The master and default function keys, and the file they are kept in (`<appDir>/.fnrpc/secrets.json`). */
  readonly keys: { readonly master: string; readonly function: string; readonly file: string };
  /** Whether keys are required ({@link StartHostOptions.enableAuth}). */
  readonly enableAuth: boolean;
  readonly functions: readonly HostFunction[];
  /** The most recent log records (host, workers, functions), oldest first; see {@link StartHostOptions.keepLogs}. */
  readonly logs: readonly LogRecord[];
  /** Indexing problems (functions that were dropped). */
  readonly errors: readonly string[];
  /** Whether and on which files `fnrpc start` restarts this host; {@link startHost} itself never watches. */
  readonly fileWatching: FileWatching;
  /** `fetch` relative to {@link url}; requests under `/admin` get the master key unless they carry a key. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /**
   * Runs a non-HTTP function as `POST /admin/functions/{name}` does, and resolves with its outcome.
   *
   * @throws Error for an unknown or HTTP-triggered function, or one in error.
   */
  invoke(name: string, input?: string): Promise<InvocationOutcome>;
  /** What `GET /admin/host/status` reports. */
  status(): HostStatus;
  /**
   * Restarts the app as `POST /admin/host/restart` and `fnrpc start`'s file watching do: the running
   * invocations finish, the workers stop, host.json, local.settings.json and the worker config are read
   * again and new workers start, while the port and the keys stay. Requests that arrive meanwhile wait.
   *
   * @throws Error when the app cannot start again; the host then answers 503 until the next restart.
   */
  restart(): Promise<void>;
  /**
   * The connection string a storage `connection` setting (default `AzureWebJobsStorage`) leads to, with
   * `UseDevelopmentStorage=true` replaced by where Azurite really runs: for tests that look at queues.
   *
   * @throws Error when the setting is missing or not a connection string.
   */
  storageConnectionString(connection?: string): Promise<string>;
  /**
   * Puts a message on a queue (in the encoding host.json sets, base64 by default) and gives its id and a
   * promise of the first run of a queue-triggered function of this host for it.
   */
  sendQueueMessage(
    queueName: string,
    message: string | Uint8Array,
    connection?: string,
  ): Promise<QueueMessageSent>;
  /** Stops gracefully: timers, listeners, HTTP, workers (drain, WorkerTerminate, kill), gRPC, the Azurite it started. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts a Functions host for an app folder: reads its configuration, launches its workers, indexes and
 * loads its functions, and serves HTTP triggers and the admin API.
 *
 * @throws ConfigError for a missing or invalid app folder, host.json, local.settings.json or worker runtime;
 * Error when the first worker cannot start or index the app.
 */
export async function startHost(options: StartHostOptions): Promise<RunningHost> {
  const startedAt = Date.now();
  const storageMode = options.storage ?? 'azurite';
  const env =
    storageMode === 'memory'
      ? { AzureWebJobsStorage: 'UseDevelopmentStorage=true', ...(options.env ?? process.env) }
      : (options.env ?? process.env);
  const appDir = await resolveAppFolder(options.appDir);
  // The gRPC server and the configuration are all the first worker's launch needs; the rest of the host (its
  // runs, bindings, HTTP front end and admin API) is loaded while that worker boots.
  const serverPromise = FunctionRpcServer.listen({
    host: '127.0.0.1',
    port: 0,
    ...(options.maxMessageLength !== undefined ? { maxMessageLength: options.maxMessageLength } : {}),
  });
  // Observed now, awaited later: a failure must not surface as an unhandled rejection meanwhile.
  serverPromise.catch(() => undefined);
  const readConfig = async (): Promise<AppConfig> => {
    const read = await readAppConfig(appDir, {
      workers: options.workers,
      workerDirs: options.workerDirs,
      env,
      workerArguments: options.workerArguments,
    });
    return withOptions(read, options);
  };
  const config = await readConfig().catch(async (error: unknown) => {
    await serverPromise.then((server) => server.close(0)).catch(() => undefined);
    throw error;
  });
  const server = await serverPromise;
  const logger = new HostLogger({
    filter: hostLogFilter(config.hostJson, options.verbose),
    ...(options.onLog ? { sink: options.onLog } : {}),
    ...(options.keepLogs !== undefined ? { keep: options.keepLogs } : {}),
  });
  const inferred = config.inferredRuntime;
  if (inferred) {
    logger.log(
      'Information',
      'Host.Startup',
      `FUNCTIONS_WORKER_RUNTIME is not set: using '${inferred.runtime}', worked out from ${inferred.from} (set it in local.settings.json "Values" to choose).`,
    );
  }
  // A stream that claims a worker's id it may not have (a stranger, a second StartStream) is worth a word.
  server.onRefused((refused) =>
    logger.log('Warning', 'Host.Workers', `Refused a worker stream: ${refused.details}`),
  );
  const launched = new WorkerChannel(
    workerChannelOptions(config, { server, logger, cancelGraceMs: options.cancelGraceMs }),
  );
  // Its failure is the first run's, which adopts it.
  launched.start().catch(() => undefined);
  const { runHost } = await import('./host-run.js').catch(async (error: unknown) => {
    await launched.stop(0, 0);
    await server.close(0);
    throw error;
  });
  return runHost({
    options,
    appDir,
    env,
    storageMode,
    startedAt,
    config,
    readConfig,
    server,
    logger,
    launched,
  });
}

/**
 * The app's configuration with what the options decide instead: the functions to run and the CORS policy.
 *
 * @throws ConfigError for a CORS policy browsers would refuse.
 */
function withOptions(config: AppConfig, options: StartHostOptions): AppConfig {
  const hostJson = options.functions?.length
    ? { ...config.hostJson, functions: options.functions }
    : config.hostJson;
  try {
    return { ...config, hostJson, cors: mergeCorsPolicy(options.cors, config.cors) };
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
}
