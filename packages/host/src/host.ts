import { randomUUID } from 'node:crypto';
import { FunctionRpcServer } from '@functions-rpc/protocol';
import { createAdminHandler } from './admin/admin-handler.js';
import { hostStatus, type HostStatus } from './admin/host-status.js';
import type { InvocationOutcome } from './channel/invocation-outcome.js';
import { readAppConfig, type AppConfig } from './config/app-config.js';
import { resolveAppFolder } from './config/app-folder.js';
import { Dispatcher, HOST_API_REASON } from './dispatch/dispatcher.js';
import { startTimers } from './dispatch/timer-triggers.js';
import { WorkerPool, type HealthCheckOptions } from './dispatch/worker-pool.js';
import { isHttpTrigger, type FunctionInfo } from './functions/function-info.js';
import { FunctionRegistry } from './functions/function-registry.js';
import { httpDescriptor, invokeUrl } from './functions/http-descriptor.js';
import { indexApp } from './functions/index-app.js';
import { adminInput } from './functions/trigger-input.js';
import type { HttpFrontEnd } from './http/http-front-end.js';
import { KeyStore } from './http/key-store.js';
import { HostLogger, type LogSink } from './log/host-logger.js';
import { LogFilter } from './log/log-filter.js';
import type { LogRecord } from './log/log-record.js';
import type { TimerScheduler } from './triggers/timer/index.js';
/** The host version sent in WorkerInitRequest and reported by the status API. */
export const HOST_VERSION = '4.1000.0';

/** Options of {@link startHost}. */
export interface StartHostOptions {
  /** The function app folder (holding host.json). */
  readonly appDir: string;
  /** HTTP port on 127.0.0.1; default 7071, 0 picks a free one. */
  readonly port?: number;
  /** Worker processes; default FUNCTIONS_WORKER_PROCESS_COUNT, else the worker config's processCount. */
  readonly workers?: number;
  /** Extra worker directories (each holding worker.config.json, or folders that do), searched before ours. */
  readonly workerDirs?: readonly string[];
  /** Receives every log record that host.json's logging.logLevel (or `verbose`) lets through. */
  readonly onLog?: LogSink;
  /** Lets Debug records through to `onLog` whatever host.json says. */
  readonly verbose?: boolean;
  /** Worker health checks (WorkerStatus); default every 10 s, restart after 60 s without an answer. */
  readonly healthCheck?: HealthCheckOptions;
  /** After InvocationCancel for a timed-out invocation, how long to wait for the worker; default 5 s. */
  readonly cancelGraceMs?: number;
  /** First restart delay after a worker error (doubled per further error); default 100 ms. */
  readonly restartBackoffMs?: number;
  /** The environment the workers inherit; default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
}

/** One function as the host reports it. */
export interface HostFunction {
  readonly name: string;
  /** The trigger binding's type, e.g. `httpTrigger`, `timerTrigger`. */
  readonly trigger: string;
  /** HTTP functions: upper-case methods (empty = any). */
  readonly methods?: readonly string[];
  /** HTTP functions: the invoke URL. */
  readonly url?: string;
  readonly authLevel?: string;
  readonly disabled: boolean;
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
  readonly keys: { readonly master: string; readonly function: string };
  readonly functions: readonly HostFunction[];
  /** Every log record so far (host, workers, functions), oldest first. */
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
   * @throws Error for an unknown or HTTP-triggered function.
   */
  invoke(name: string, input?: string): Promise<InvocationOutcome>;
  /** What `GET /admin/host/status` reports. */
  status(): HostStatus;
  /** Stops gracefully: timers, HTTP, workers (drain, WorkerTerminate, kill), gRPC. Safe to call twice. */
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
  const env = options.env ?? process.env;
  const appDir = await resolveAppFolder(options.appDir);
  // Independent work starts at once; the HTTP front end is loaded while the workers boot.
  const serverPromise = FunctionRpcServer.listen({ host: '127.0.0.1', port: 0 });
  const frontEndModule = import('./http/http-front-end.js');
  // Warm the module cache while the workers boot; startTimers imports it only for apps with timers.
  void import('./triggers/timer/index.js').catch(() => undefined);
  // Observed now, awaited later: a failure must not surface as an unhandled rejection meanwhile.
  serverPromise.catch(() => undefined);
  frontEndModule.catch(() => undefined);
  const config = await readAppConfig(appDir, {
    workers: options.workers,
    workerDirs: options.workerDirs,
    env,
  }).catch(async (error: unknown) => {
    await serverPromise.then((server) => server.close(0)).catch(() => undefined);
    throw error;
  });
  const server = await serverPromise;
  // Only a folder that proved to be an app gets a secrets file.
  const keysPromise = KeyStore.open(appDir);
  keysPromise.catch(() => undefined);
  const { hostJson } = config;
  const logger = new HostLogger({
    filter: new LogFilter(options.verbose ? { ...hostJson.logLevels, default: 'Debug' } : hostJson.logLevels),
    ...(options.onLog ? { sink: options.onLog } : {}),
  });
  let registry = new FunctionRegistry([]);
  const pool = createPool(config, server, logger, options);
  const indexed = pool.start();
  indexed.catch(() => undefined);
  const dispatcher = new Dispatcher({
    pool,
    registry: () => registry,
    logger,
    functionTimeoutMs: hostJson.functionTimeoutMs,
    waitForWorkerMs: Math.max(10_000, config.worker.processOptions.initializationTimeoutMs),
    retry: hostJson.retry,
  });
  const runAdmin = (fn: FunctionInfo, input: string): Promise<InvocationOutcome> => {
    const { inputData, triggerMetadata } = adminInput(fn, input);
    return dispatcher.invoke(fn, inputData, triggerMetadata, HOST_API_REASON);
  };
  const hostId = randomUUID();
  const status = (): HostStatus => hostStatus(hostId, HOST_VERSION, startedAt, pool, registry);
  let baseUrl = '';
  let frontEnd: HttpFrontEnd | undefined;
  try {
    const [keys, { HttpFrontEnd }] = await Promise.all([keysPromise, frontEndModule]);
    frontEnd = new HttpFrontEnd({
      host: '127.0.0.1',
      port: options.port ?? 7071,
      routePrefix: hostJson.routePrefix,
      keys,
      dispatcher,
      adminHandler: createAdminHandler({
        keys,
        registry: () => registry,
        baseUrl: () => baseUrl,
        invokeUrl: (fn) =>
          isHttpTrigger(fn) ? invokeUrl(baseUrl, hostJson.routePrefix, httpDescriptor(fn)) : undefined,
        status,
        invoke: runAdmin,
      }),
      log: (level, message) => logger.log(level, 'Host.Http', message),
    });
    registry = await indexed;
    for (const error of registry.errors) logger.log('Error', 'Host.Startup', error);
    // Routes are in place before the port opens, so no early request meets a 404.
    frontEnd.setFunctions(registry.all.filter(isHttpTrigger).map(httpDescriptor));
    baseUrl = (await frontEnd.listen()).replace(/\/+$/, '');
    const timers = await startTimers(registry.all, {
      dispatcher,
      logger,
      appDir,
      env: { ...env, ...config.values },
    });
    logger.log('Information', 'Host.Startup', `Host started (${Date.now() - startedAt} ms).`);
    const running = frontEnd;
    const drainMs = config.worker.processOptions.processShutdownTimeoutMs;
    return runningHost({
      url: baseUrl,
      appDir,
      keys: { master: keys.masterKey, function: keys.functionKey },
      functions: registry.all.map((fn) => describeFunction(fn, baseUrl, hostJson.routePrefix)),
      fileWatching: { enabled: hostJson.fileWatchingEnabled, extensions: config.worker.extensions },
      logger,
      registry,
      runAdmin,
      status,
      stop: once(() => shutdown(timers, running, dispatcher, pool, server, drainMs)),
    });
  } catch (error) {
    await Promise.allSettled([frontEnd?.close(), pool.stop(0, 0)]);
    await server.close(0);
    throw new Error(`The host could not start: ${(error as Error).message}`, { cause: error });
  }
}

function createPool(
  config: AppConfig,
  server: FunctionRpcServer,
  logger: HostLogger,
  options: StartHostOptions,
): WorkerPool {
  const timeout = config.hostJson.functionTimeoutMs;
  const { appDir, values } = config;
  return new WorkerPool({
    server,
    worker: config.worker,
    launch: config.launch,
    appDir,
    logger,
    hostVersion: HOST_VERSION,
    processCount: config.processCount,
    loadTimeoutMs: timeout === undefined ? undefined : Math.max(timeout, 60_000),
    cancelGraceMs: options.cancelGraceMs ?? 5000,
    health: options.healthCheck ?? {},
    ...(options.restartBackoffMs !== undefined ? { restartBackoffMs: options.restartBackoffMs } : {}),
    index: (first) => indexApp(first, { appDir, values, logger }),
  });
}

interface RunningHostParts {
  readonly url: string;
  readonly appDir: string;
  readonly keys: RunningHost['keys'];
  readonly functions: readonly HostFunction[];
  readonly fileWatching: FileWatching;
  readonly logger: HostLogger;
  readonly registry: FunctionRegistry;
  readonly runAdmin: (fn: FunctionInfo, input: string) => Promise<InvocationOutcome>;
  readonly status: () => HostStatus;
  readonly stop: () => Promise<void>;
}

function runningHost(parts: RunningHostParts): RunningHost {
  return {
    url: parts.url,
    appDir: parts.appDir,
    keys: parts.keys,
    functions: parts.functions,
    logs: parts.logger.records,
    errors: parts.registry.errors,
    fileWatching: parts.fileWatching,
    fetch: (path, init = {}) => {
      const headers = new Headers(init.headers);
      if (/^\/?admin\//i.test(path) && !headers.has('x-functions-key'))
        headers.set('x-functions-key', parts.keys.master);
      return fetch(new URL(path.replace(/^\/?/, '/'), parts.url), { ...init, headers });
    },
    invoke: async (name, input = '') => {
      const fn = parts.registry.byName(name);
      if (!fn) throw new Error(`No function named '${name}'.`);
      if (isHttpTrigger(fn)) throw new Error(`'${fn.name}' is an HTTP function; call it with fetch.`);
      return parts.runAdmin(fn, input);
    },
    status: parts.status,
    stop: parts.stop,
  };
}

function describeFunction(fn: FunctionInfo, baseUrl: string, routePrefix: string): HostFunction {
  if (!isHttpTrigger(fn)) return { name: fn.name, trigger: fn.trigger.type, disabled: fn.disabled };
  const descriptor = httpDescriptor(fn);
  return {
    name: fn.name,
    trigger: fn.trigger.type,
    methods: descriptor.methods ?? [],
    url: invokeUrl(baseUrl, routePrefix, descriptor),
    authLevel: descriptor.authLevel,
    disabled: fn.disabled,
  };
}

async function shutdown(
  timers: readonly TimerScheduler[],
  frontEnd: HttpFrontEnd,
  dispatcher: Dispatcher,
  pool: WorkerPool,
  server: FunctionRpcServer,
  drainMs: number,
): Promise<void> {
  await Promise.allSettled(timers.map((timer) => timer.stop()));
  // A function waiting to be retried gives up with its last outcome.
  dispatcher.stop();
  // New requests are refused (503) while the running ones finish and their answers go out; then the HTTP
  // server closes and the workers are told to stop.
  await pool.drain(drainMs);
  await new Promise((resolve) => setImmediate(resolve));
  await frontEnd.close();
  await pool.stop(0, 5000);
  await server.close(1000);
}

function once(run: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= run());
}
