import { randomUUID } from 'node:crypto';
import { FunctionRpcServer } from '@functions-rpc/protocol';
import { createAdminHandler } from './admin/admin-handler.js';
import { hostStatus, type HostStatus } from './admin/host-status.js';
import type { InvocationOutcome } from './channel/invocation-outcome.js';
import { readAppConfig, type AppConfig } from './config/app-config.js';
import { ConfigError } from './config/config-error.js';
import { resolveAppFolder } from './config/app-folder.js';
import type { HealthCheckOptions } from './dispatch/worker-pool.js';
import { isHttpTrigger, type FunctionInfo } from './functions/function-info.js';
import { httpDescriptor, invokeUrl } from './functions/http-descriptor.js';
import type { HttpFrontEnd } from './http/http-front-end.js';
import { mergeCorsPolicy, type CorsOptions } from './http/cors.js';
import { DEFAULT_HTTP_LIMITS, type HttpLimits } from './http/http-limits.js';
import { KeyStore } from './http/key-store.js';
import { HOST_VERSION, type AppRun } from './lifecycle/app-run.js';
import { AppRunner } from './lifecycle/app-runner.js';
import { HostLogger, type LogSink } from './log/host-logger.js';
import { LogFilter } from './log/log-filter.js';
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
  /** Worker health checks (WorkerStatus); default every 10 s, restart after 60 s without an answer. */
  readonly healthCheck?: HealthCheckOptions;
  /** After InvocationCancel for a timed-out invocation, how long to wait for the worker; default 5 s. */
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
  /**
   * Restarts the app as `POST /admin/host/restart` and `fnrpc start`'s file watching do: the running
   * invocations finish, the workers stop, host.json, local.settings.json and the worker config are read
   * again and new workers start, while the port and the keys stay. Requests that arrive meanwhile wait.
   *
   * @throws Error when the app cannot start again; the host then answers 503 until the next restart.
   */
  restart(): Promise<void>;
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
  });
  // A stream that claims a worker's id it may not have (a stranger, a second StartStream) is worth a word.
  server.onRefused((refused) =>
    logger.log('Warning', 'Host.Workers', `Refused a worker stream: ${refused.details}`),
  );
  let frontEnd: HttpFrontEnd | undefined;
  const runner = new AppRunner({
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
      frontEnd?.setLimits(httpLimits(run.config, options));
      frontEnd?.setFunctions(run.registry.all.filter(isHttpTrigger).map(httpDescriptor), routePrefix(run));
    },
  });
  const firstRun = runner.start(config);
  firstRun.catch(() => undefined);
  const hostId = randomUUID();
  const status = (): HostStatus => hostStatus(hostId, HOST_VERSION, startedAt, runner);
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
      limits: httpLimits(config, options),
      keys,
      dispatcher: runner,
      adminHandler: createAdminHandler({
        keys,
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
    logger.log('Information', 'Host.Startup', `Host started (${Date.now() - startedAt} ms).`);
    const running = frontEnd;
    return runningHost({
      url: baseUrl,
      appDir,
      keys: { master: keys.masterKey, function: keys.functionKey },
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
      stop: once(() => shutdown(runner, running, server)),
    });
  } catch (error) {
    await Promise.allSettled([frontEnd?.close(), runner.stop()]);
    await server.close(0);
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
  readonly logger: HostLogger;
  readonly runner: AppRunner;
  readonly describe: (fn: FunctionInfo) => HostFunction;
  readonly status: () => HostStatus;
  readonly restart: () => Promise<void>;
  readonly stop: () => Promise<void>;
}

function runningHost(parts: RunningHostParts): RunningHost {
  const { runner } = parts;
  return {
    url: parts.url,
    appDir: parts.appDir,
    keys: parts.keys,
    get functions() {
      return runner.registry.all.map(parts.describe);
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
      const fn = runner.registry.byName(name);
      if (!fn) throw new Error(`No function named '${name}'.`);
      if (isHttpTrigger(fn)) throw new Error(`'${fn.name}' is an HTTP function; call it with fetch.`);
      return runner.invoke(fn, input);
    },
    status: parts.status,
    restart: parts.restart,
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
