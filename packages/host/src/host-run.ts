import type { FunctionRpcServer } from '@functions-rpc/protocol';
import { createAdminHandler } from './admin/admin-handler.js';
import { hostStatus, type HostStatus } from './admin/host-status.js';
import type { WorkerChannel } from './channel/worker-channel.js';
import type { AppConfig } from './config/app-config.js';
import { isHttpTrigger, type FunctionInfo } from './functions/function-info.js';
import { functionInErrorMessage } from './functions/function-registry.js';
import { functionUrl, httpDescriptor, invokeUrl } from './functions/http-descriptor.js';
import type { HttpFrontEnd } from './http/http-front-end.js';
import { DEFAULT_HTTP_LIMITS, type HttpLimits } from './http/http-limits.js';
import { KeyStore } from './http/key-store.js';
import type { AppRun } from './lifecycle/app-run.js';
import { AppRunner } from './lifecycle/app-runner.js';
import { hostLogFilter } from './lifecycle/host-log-filter.js';
import { HOST_VERSION } from './lifecycle/host-version.js';
import { logHostStarted } from './lifecycle/lifecycle-lines.js';
import type { HostLogger } from './log/host-logger.js';
import { QueueActivity } from './bindings/queue/queue-activity.js';
import { StorageWrites } from './bindings/storage-writes.js';
import { sendQueueMessage } from './bindings/queue/send-queue-message.js';
import { AppSettings } from './storage/app-settings.js';
import { EmbeddedStorage, type StorageMode } from './storage/embedded-storage.js';
import { hostIdOf } from './storage/host-id.js';
import type { HostFunction, RunningHost, StartHostOptions } from './host.js';

/** The HTTP port when neither the options nor local.settings.json name one, as for func start. */
const DEFAULT_PORT = 7071;

/** What {@link startHost} has done by the time the first worker is launched. */
export interface HostStart {
  readonly options: StartHostOptions;
  readonly appDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly storageMode: StorageMode;
  readonly startedAt: number;
  readonly config: AppConfig;
  readonly readConfig: () => Promise<AppConfig>;
  readonly server: FunctionRpcServer;
  readonly logger: HostLogger;
  /** The first worker, launched already; the first run adopts it. */
  readonly launched: WorkerChannel;
}

/**
 * The rest of {@link startHost}, loaded while the first worker boots: the first run (which adopts that worker),
 * the keys, the HTTP front end and the admin API.
 *
 * @throws Error when the first worker cannot start or index the app; everything started is stopped.
 */
export async function runHost(start: HostStart): Promise<RunningHost> {
  const { options, appDir, env, startedAt, config, server, logger } = start;
  const enableAuth = options.enableAuth ?? false;
  const frontEndModule = import('./http/http-front-end.js');
  // Observed now, awaited later: a failure must not surface as an unhandled rejection meanwhile.
  frontEndModule.catch(() => undefined);
  // Warm the module cache while the workers boot; startTimers imports it only for apps with timers.
  void import('./triggers/timer/index.js').catch(() => undefined);
  let frontEnd: HttpFrontEnd | undefined;
  const developmentStorage = new EmbeddedStorage({
    mode: start.storageMode,
    appDir,
    log: (message) => logger.log('Information', 'Host.Storage', message),
  });
  const queueActivity = new QueueActivity();
  const runner = new AppRunner({
    hostId: options.hostId,
    developmentStorage,
    queueActivity,
    blobWrites: new StorageWrites(),
    readConfig: start.readConfig,
    server,
    logger,
    env,
    healthCheck: options.healthCheck,
    cancelGraceMs: options.cancelGraceMs,
    restartBackoffMs: options.restartBackoffMs,
    onLoaded: (run) => {
      logger.setFilter(hostLogFilter(run.config.hostJson, options.verbose));
      frontEnd?.setCors(run.config.cors);
      frontEnd?.setBodyLimit(run.config.maxRequestBodyBytes);
      frontEnd?.setLimits(httpLimits(run.config, options));
      frontEnd?.setFunctions(run.registry.all.filter(isHttpTrigger).map(httpDescriptor), routePrefix(run));
    },
  });
  const firstRun = runner.start(config, start.launched);
  firstRun.catch(() => undefined);
  // Only a folder that proved to be an app gets a secrets file.
  const keysPromise = KeyStore.open(appDir);
  keysPromise.catch(() => undefined);
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

/** The front end's limits: the options', else host.json's, else the defaults. */
function httpLimits(config: AppConfig, options: StartHostOptions): HttpLimits {
  return { ...DEFAULT_HTTP_LIMITS, ...config.hostJson.httpLimits, ...options.httpLimits };
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
