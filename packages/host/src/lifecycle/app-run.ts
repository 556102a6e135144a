import type { FunctionRpcServer } from '@functions-rpc/protocol';
import type { AppConfig } from '../config/app-config.js';
import { Dispatcher } from '../dispatch/dispatcher.js';
import { startTimers, type SharedTimerStorage, type StartedTimer } from '../dispatch/timer-triggers.js';
import { WorkerPool, type HealthCheckOptions } from '../dispatch/worker-pool.js';
import { FunctionRegistry } from '../functions/function-registry.js';
import { indexApp } from '../functions/index-app.js';
import type { HostLogger } from '../log/host-logger.js';
import { logHostStopped } from './lifecycle-lines.js';
import { workerChannelOptions } from './worker-channel-options.js';
import type { BindingContext, TriggerListener } from '../bindings/binding-extension.js';
import { inputPlan, type InputPlan } from '../bindings/input-bindings.js';
import { outputPlan, type OutputPlan } from '../bindings/output-bindings.js';
import type { WorkerChannel } from '../channel/worker-channel.js';
import type { QueueActivity } from '../bindings/queue/queue-activity.js';
import type { StorageWrites } from '../bindings/storage-writes.js';
import { startListeners } from '../bindings/start-listeners.js';
import { isTimerTrigger, type FunctionInfo } from '../functions/function-info.js';
import { HOSTS_CONTAINER } from '../storage/blob-lease-lock.js';
import { hostIdOf } from '../storage/host-id.js';
import { readSingletonOptions } from '../storage/singleton-options.js';
import { AppSettings } from '../storage/app-settings.js';
import { StorageAccounts, type DevelopmentStorage } from '../storage/storage-accounts.js';

/** What a run needs besides the app's configuration; it stays the same across restarts. */
export interface AppRunContext {
  readonly server: FunctionRpcServer;
  readonly logger: HostLogger;
  readonly env: NodeJS.ProcessEnv;
  readonly healthCheck?: HealthCheckOptions | undefined;
  readonly cancelGraceMs?: number | undefined;
  readonly restartBackoffMs?: number | undefined;
  /** The host id chosen by the caller; default as the reference host chooses it. */
  readonly hostId?: string | undefined;
  /** Where `UseDevelopmentStorage=true` leads; it outlives the runs. */
  readonly developmentStorage: DevelopmentStorage;
  readonly queueActivity: QueueActivity;
  readonly blobWrites: StorageWrites;
}

/**
 * One run of the app as its configuration stood when it started: the worker processes, the functions they
 * indexed and loaded, the dispatcher in front of them and the timers. A restart replaces the whole run.
 */
export class AppRun {
  readonly config: AppConfig;
  readonly pool: WorkerPool;
  readonly dispatcher: Dispatcher;
  /** Empty until {@link started} resolves. */
  registry = new FunctionRegistry([]);
  /** Resolves once the functions are indexed and loaded on the first worker; rejects if they cannot be. */
  readonly started: Promise<FunctionRegistry>;
  /** local.settings.json Values over the environment. */
  readonly settings: AppSettings;
  readonly storage: StorageAccounts;
  /** Hosts with the same id share timer locks and status in storage. */
  readonly hostId: string;
  #timers: readonly StartedTimer[] = [];
  #listeners: readonly TriggerListener[] = [];
  readonly #outputs = new Map<string, OutputPlan | undefined>();
  readonly #inputs = new Map<string, InputPlan | undefined>();
  readonly #context: AppRunContext;

  /**
   * Launches the workers at once (adopting `launched`, a first worker launched already); await {@link started}.
   */
  constructor(config: AppConfig, context: AppRunContext, launched?: WorkerChannel) {
    this.config = config;
    this.#context = context;
    this.settings = new AppSettings(context.env, config.values);
    this.storage = new StorageAccounts(this.settings, context.developmentStorage);
    this.hostId = context.hostId ?? hostIdOf(this.settings, config.appDir);
    this.pool = createPool(config, context, launched);
    this.dispatcher = new Dispatcher({
      pool: this.pool,
      logger: context.logger,
      functionTimeoutMs: config.hostJson.functionTimeoutMs,
      waitForWorkerMs: Math.max(10_000, config.worker.processOptions.initializationTimeoutMs),
      retry: config.hostJson.retry,
      outputs: (fn) => this.#outputPlan(fn),
      inputs: (fn) => this.#inputPlan(fn),
    });
    this.started = this.pool.start().then((registry) => (this.registry = registry));
    this.started.catch(() => undefined);
  }

  /** What the binding extensions work with in this run. */
  get bindingContext(): BindingContext {
    return {
      settings: this.settings,
      storage: this.storage,
      hostId: this.hostId,
      extensions: this.config.hostJson.extensions,
      logger: this.#context.logger,
      queueActivity: this.#context.queueActivity,
      blobWrites: this.#context.blobWrites,
      maxMessageLength: this.#context.server.maxMessageLength,
      invoke: (fn, input, reason) =>
        this.dispatcher.invoke(fn, input.inputData, input.triggerMetadata, reason),
    };
  }

  /** Starts the timers and the binding extensions' trigger listeners; call once the run serves HTTP. */
  async startTriggers(): Promise<void> {
    // Made now, so that bad output settings are reported at start rather than at the first invocation.
    for (const fn of this.registry.all) {
      this.#outputPlan(fn);
      this.#inputPlan(fn);
    }
    this.#listeners = await startListeners(this.registry.all, this.bindingContext);
    await this.#startTimers();
  }

  /** With AzureWebJobsStorage set, where the timers of all hosts with this host id coordinate. */
  async #sharedTimerStorage(): Promise<SharedTimerStorage | undefined> {
    if (!this.registry.all.some((fn) => isTimerTrigger(fn) && !fn.disabled)) return undefined;
    try {
      this.storage.resolve(undefined);
    } catch {
      return undefined;
    }
    try {
      const singleton = readSingletonOptions(this.config.hostJson.singleton, this.settings);
      const blobs = await this.storage.blobService(undefined);
      return {
        container: blobs.getContainerClient(HOSTS_CONTAINER),
        hostId: this.hostId,
        lockPeriodMs: singleton.listenerLockPeriodMs,
        recoveryMs: singleton.listenerLockRecoveryPollingIntervalMs,
      };
    } catch (error) {
      this.#context.logger.log(
        'Error',
        'Host.Startup',
        `Timers cannot use AzureWebJobsStorage (${(error as Error).message}); they run on this host alone, with their status in .fnrpc/timers.`,
      );
      return undefined;
    }
  }

  #outputPlan(fn: FunctionInfo): OutputPlan | undefined {
    if (!this.#outputs.has(fn.functionId))
      this.#outputs.set(fn.functionId, outputPlan(fn, this.bindingContext));
    return this.#outputs.get(fn.functionId);
  }

  #inputPlan(fn: FunctionInfo): InputPlan | undefined {
    if (!this.#inputs.has(fn.functionId)) this.#inputs.set(fn.functionId, inputPlan(fn, this.bindingContext));
    return this.#inputs.get(fn.functionId);
  }

  async #startTimers(): Promise<void> {
    const { appDir, values } = this.config;
    this.#timers = await startTimers(this.registry.all, {
      dispatcher: this.dispatcher,
      logger: this.#context.logger,
      appDir,
      env: { ...this.#context.env, ...values },
      shared: await this.#sharedTimerStorage(),
    });
  }

  /**
   * Stops the run: the waits before retries, timers, new invocations (refused while running ones get
   * `processShutdownTimeout` to finish), then the workers (WorkerTerminate, then kill).
   */
  async stop(): Promise<void> {
    // First, so that a timer waiting to retry its function ends now: stopping a timer waits for its run.
    this.dispatcher.stop();
    await Promise.allSettled([
      ...this.#timers.map((timer) => timer.stop()),
      ...this.#listeners.map((listener) => listener.stop()),
    ]);
    await this.pool.drain(this.config.worker.processOptions.processShutdownTimeoutMs);
    // Lets the answers of the last invocations be written before their workers go.
    await new Promise((resolve) => setImmediate(resolve));
    await this.pool.stop(0, 5000);
    logHostStopped(this.#context.logger);
  }

  /** Stops at once: for a run that failed to start. */
  async abort(): Promise<void> {
    await this.pool.stop(0, 0);
  }
}

function createPool(config: AppConfig, context: AppRunContext, launched?: WorkerChannel): WorkerPool {
  const { appDir, values } = config;
  const { logger } = context;
  return new WorkerPool({
    ...workerChannelOptions(config, context),
    processCount: config.processCount,
    health: context.healthCheck ?? {},
    ...(context.restartBackoffMs !== undefined ? { restartBackoffMs: context.restartBackoffMs } : {}),
    index: (first) => indexApp(first, { appDir, values, logger, only: config.hostJson.functions }),
    launched,
  });
}
