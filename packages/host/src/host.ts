import { FunctionRpcServer } from '@functions-rpc/protocol';
import { createAdminHandler } from './admin/admin-handler.js';
import { hostStatus, type HostStatus } from './admin/host-status.js';
import type { InvocationOutcome } from './channel/invocation-outcome.js';
import { readAppConfig, type AppConfig } from './config/app-config.js';
import { ConfigError } from './config/config-error.js';
import { resolveAppFolder } from './config/app-folder.js';
import type { HealthCheckOptions } from './dispatch/worker-pool.js';
import { isHttpTrigger, type FunctionInfo } from './functions/function-info.js';
import { functionInErrorMessage } from './functions/function-registry.js';
import { functionUrl, httpDescriptor, invokeUrl } from './functions/http-descriptor.js';
import type { HttpFrontEnd } from './http/http-front-end.js';
import { mergeCorsPolicy, type CorsOptions } from './http/cors.js';
import { DEFAULT_HTTP_LIMITS, type HttpLimits } from './http/http-limits.js';
import { KeyStore } from './http/key-store.js';
import { HOST_VERSION, type AppRun } from './lifecycle/app-run.js';
import { AppRunner } from './lifecycle/app-runner.js';
import { logHostStarted } from './lifecycle/lifecycle-lines.js';
import { HostLogger, type LogSink } from './log/host-logger.js';
import { LogFilter } from './log/log-filter.js';
import { QueueActivity } from './bindings/queue/queue-activity.js';
import { StorageWrites } from './bindings/storage-writes.js';
import { sendQueueMessage } from './bindings/queue/send-queue-message.js';
import { AppSettings } from './storage/app-settings.js';
import { EmbeddedStorage, type StorageMode } from './storage/embedded-storage.js';
import { hostIdOf } from './storage/host-id.js';
import type { LogRecord } from './log/log-record.js';

export { HOST_VERSION };

/** The HTTP port when neither the options nor local.settings.json name one, as for func start. */
const DEFAULT_PORT = 7071;

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
  const enableAuth = options.enableAuth ?? false;
  const storageMode = options.storage ?? 'azurite';
  const env =
    storageMode === 'memory'
      ? { AzureWebJobsStorage: 'UseDevelopmentStorage=true', ...(options.env ?? process.env) }
      : (options.env ?? process.env);
  const appDir = await resolveAppFolder(options.appDir);
  // Independent work starts at once; the HTTP front end is loaded while the workers boot.
  const serverPromise = FunctionRpcServer.listen({
    host: '127.0.0.1',
    port: 0,
    ...(options.maxMessageLength !== undefined ? { maxMessageLength: options.maxMessageLength } : {}),
  });
  const frontEndModule = import('./http/http-front-end.js');
  // Warm the module cache while the workers boot; startTimers imports it only for apps with timers.
  void import('./triggers/timer/index.js').catch(() => undefined);
  // Observed now, awaited later: a failure must not surface as an unhandled rejection meanwhile.
  serverPromise.catch(() => undefined);
  frontEndModule.catch(() => undefined);
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
  // Only a folder that proved to be an app gets a secrets file.
  const keysPromise = KeyStore.open(appDir);
  keysPromise.catch(() => undefined);
  const logger = new HostLogger({
    filter: logFilter(config.hostJson, options.verbose),
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
  let frontEnd: HttpFrontEnd | undefined;
  const developmentStorage = new EmbeddedStorage({
    mode: storageMode,
    appDir,
    log: (message) => logger.log('Information', 'Host.Storage', message),
  });
  const queueActivity = new QueueActivity();
  const runner = new AppRunner({
    hostId: options.hostId,
    developmentStorage,
    queueActivity,
    blobWrites: new StorageWrites(),
    readConfig,
    server,
    logger,
    env,
    healthCheck: options.healthCheck,
    cancelGraceMs: options.cancelGraceMs,
    restartBackoffMs: options.restartBackoffMs,
    onLoaded: (run) => {
      logger.setFilter(logFilter(run.config.hostJson, options.verbose));
      frontEnd?.setCors(run.config.cors);
      frontEnd?.setBodyLimit(run.config.maxRequestBodyBytes);
      frontEnd?.setLimits(httpLimits(run.config, options));
      frontEnd?.setFunctions(run.registry.all.filter(isHttpTrigger).map(httpDescriptor), routePrefix(run));
    },
  });
  const firstRun = runner.start(config);
  firstRun.catch(() => undefined);
  // The host id, as the reference host's status API reports it (the current run's, which a restart may change).
  const firstHostId = options.hostId ?? hostIdOf(new AppSettings(env, config.values), appDir);
  const status = (): HostStatus =>
    hostStatus(runner.current?.hostId ?? firstHostId, HOST_VERSION, startedAt, runner);
  let baseUrl = '';
  const currentPrefix = (): string =>
    runner.current ? routePrefix(runner.current) : config.hostJson.routePrefix;
  try {
    const [keys, { HttpFrontEnd }] = await Promise.all([keysPromise, frontEndModule]);
    frontEnd = new HttpFrontEnd({
      host: '127.0.0.1',
      port: options.port ?? config.localHttpPort ?? DEFAULT_PORT,
      routePrefix: config.hostJson.routePrefix,
      cors: config.cors,
      maxRequestBodyBytes: config.maxRequestBodyBytes,
      limits: httpLimits(config, options),
      keys,
      enableAuth,
      dispatcher: runner,
      adminHandler: createAdminHandler({
        keys,
        enableAuth,
        registry: () => runner.registry,
        baseUrl: () => baseUrl,
        invokeUrl: (fn) =>
          isHttpTrigger(fn) ? invokeUrl(baseUrl, currentPrefix(), httpDescriptor(fn)) : undefined,
        status,
        invoke: (fn, input) => runner.invoke(fn, input),
        restart: () => void runner.restart().catch(() => undefined),
      }),
      log: (level, message) => logger.log(level, 'Host.Http', message),
    });
    const run = await firstRun;
    // Routes are in place before the port opens, so no early request meets a 404.
    frontEnd.setFunctions(run.registry.all.filter(isHttpTrigger).map(httpDescriptor), routePrefix(run));
    baseUrl = (await frontEnd.listen()).replace(/\/+$/, '');
    logHostStarted(logger, Date.now() - startedAt);
    const running = frontEnd;
    return runningHost({
      url: baseUrl,
      appDir,
      keys: { master: keys.masterKey, function: keys.functionKey, file: keys.file },
      enableAuth,
      logger,
      runner,
      describe: (fn) => describeFunction(fn, baseUrl, currentPrefix()),
      status,
      restart: async () => {
        logger.log('Information', 'Host.Startup', 'Restarting the host.');
        const began = Date.now();
        await runner.restart();
        logger.log('Information', 'Host.Startup', `Host restarted (${Date.now() - began} ms).`);
      },
      queueActivity,
      stop: once(async () => {
        await shutdown(runner, running, server);
        await developmentStorage.stop();
      }),
    });
  } catch (error) {
    await Promise.allSettled([frontEnd?.close(), runner.stop()]);
    await Promise.allSettled([server.close(0), developmentStorage.stop()]);
    throw new Error(`The host could not start: ${(error as Error).message}`, { cause: error });
  }
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

/** The front end's limits: the options', else host.json's, else the defaults. */
function httpLimits(config: AppConfig, options: StartHostOptions): HttpLimits {
  return { ...DEFAULT_HTTP_LIMITS, ...config.hostJson.httpLimits, ...options.httpLimits };
}

function logFilter(hostJson: AppConfig['hostJson'], verbose: boolean | undefined): LogFilter {
  return new LogFilter(verbose ? { ...hostJson.logLevels, default: 'Debug' } : hostJson.logLevels);
}

function routePrefix(run: AppRun): string {
  return run.config.hostJson.routePrefix;
}

interface RunningHostParts {
  readonly url: string;
  readonly appDir: string;
  readonly keys: RunningHost['keys'];
  readonly enableAuth: boolean;
  readonly logger: HostLogger;
  readonly runner: AppRunner;
  readonly describe: (fn: FunctionInfo) => HostFunction;
  readonly status: () => HostStatus;
  readonly restart: () => Promise<void>;
  readonly queueActivity: QueueActivity;
  readonly stop: () => Promise<void>;
}

function runningHost(parts: RunningHostParts): RunningHost {
  const { runner } = parts;
  return {
    url: parts.url,
    appDir: parts.appDir,
    keys: parts.keys,
    enableAuth: parts.enableAuth,
    get functions() {
      const { all, inError } = runner.registry;
      return [
        ...all.map(parts.describe),
        ...inError.map(({ fn, error }) => ({
          name: fn.name,
          trigger: fn.trigger.type,
          disabled: fn.disabled,
          error,
        })),
      ];
    },
    logs: parts.logger.records,
    get errors() {
      return runner.registry.errors;
    },
    get fileWatching() {
      const config = runner.current?.config;
      return {
        enabled: config?.hostJson.fileWatchingEnabled ?? true,
        extensions: config?.worker.extensions ?? [],
      };
    },
    fetch: (path, init = {}) => {
      const headers = new Headers(init.headers);
      if (/^\/?admin\//i.test(path) && !headers.has('x-functions-key'))
        headers.set('x-functions-key', parts.keys.master);
      return fetch(new URL(path.replace(/^\/?/, '/'), parts.url), { ...init, headers });
    },
    invoke: async (name, input = '') => {
      const inError = runner.registry.inErrorByName(name);
      if (inError) throw new Error(functionInErrorMessage(inError));
      const fn = runner.registry.byName(name);
      if (!fn) throw new Error(`No function named '${name}'.`);
      if (isHttpTrigger(fn)) throw new Error(`'${fn.name}' is an HTTP function; call it with fetch.`);
      return runner.invoke(fn, input);
    },
    storageConnectionString: async (connection) => currentRun(runner).storage.connectionString(connection),
    sendQueueMessage: async (queueName, message, connection) =>
      sendQueueMessage(currentRun(runner), parts.queueActivity, { queueName, message, connection }),
    status: parts.status,
    restart: parts.restart,
    stop: parts.stop,
  };
}

function currentRun(runner: AppRunner): AppRun {
  const run = runner.current;
  if (!run) throw new Error('The host has no running app.');
  return run;
}

function describeFunction(fn: FunctionInfo, baseUrl: string, routePrefix: string): HostFunction {
  if (!isHttpTrigger(fn)) return { name: fn.name, trigger: fn.trigger.type, disabled: fn.disabled };
  const descriptor = httpDescriptor(fn);
  return {
    name: fn.name,
    trigger: fn.trigger.type,
    methods: descriptor.methods ?? [],
    url: functionUrl(baseUrl, routePrefix, descriptor),
    authLevel: descriptor.authLevel,
    disabled: fn.disabled,
  };
}

async function shutdown(runner: AppRunner, frontEnd: HttpFrontEnd, server: FunctionRpcServer): Promise<void> {
  // New requests are refused (503) while the running ones finish and their answers go out; then the HTTP
  // server closes and the workers are told to stop.
  await runner.stop();
  await frontEnd.close();
  await server.close(1000);
}

function once(run: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= run());
}
