import type { AppConfig } from '../config/app-config.js';
import type { WorkerChannel } from '../channel/worker-channel.js';
import { HOST_API_REASON } from '../dispatch/dispatcher.js';
import { failedOutcome, type InvocationOutcome } from '../channel/invocation-outcome.js';
import type { FunctionInfo } from '../functions/function-info.js';
import { FunctionRegistry } from '../functions/function-registry.js';
import { adminInput } from '../functions/trigger-input.js';
import type { HttpDispatcher, HttpFunctionDescriptor, HttpInvocationSlot } from '../http/index.js';
import { AppRun, type AppRunContext } from './app-run.js';
import { logHostStarted } from './lifecycle-lines.js';

/** What the runner needs to replace a run. */
export interface AppRunnerOptions extends AppRunContext {
  /** Reads host.json, local.settings.json and the worker config afresh. */
  readonly readConfig: () => Promise<AppConfig>;
  /** A run is loaded: route its HTTP functions and apply its log levels, before it takes requests. */
  readonly onLoaded: (run: AppRun) => void;
}

const EMPTY = new FunctionRegistry([]);

/**
 * Keeps one {@link AppRun} current and hands it every invocation. A restart stops the run (its running
 * invocations finish), reads the configuration again and starts a new one, while the HTTP port, the keys
 * and the gRPC server stay: invocations that arrive meanwhile wait for the new run instead of failing.
 */
export class AppRunner implements HttpDispatcher {
  readonly #options: AppRunnerOptions;
  #current: AppRun | undefined;
  /** The functions of the last run that started, kept through a restart for listings and lookups. */
  #registry = EMPTY;
  /** Set while a restart is under way; settles when it has ended. */
  #restarting: Promise<void> | undefined;
  /** A restart asked for during another: it runs after it, since the files may have changed since. */
  #next: Promise<void> | undefined;
  /** Why no run is current: the last restart failed. */
  #failure: Error | undefined;
  /** The first run while it starts, so that a stop meanwhile stops it too. */
  #starting: Promise<AppRun> | undefined;
  #stopped = false;

  constructor(options: AppRunnerOptions) {
    this.#options = options;
  }

  /**
   * Launches the first run from a configuration already read, adopting `launched` as its first worker when the
   * caller launched one already; rejects (and stops it) if it fails.
   */
  async start(config: AppConfig, launched?: WorkerChannel): Promise<AppRun> {
    this.#starting = this.#launch(config, launched);
    try {
      this.#current = await this.#starting;
      return this.#current;
    } finally {
      this.#starting = undefined;
    }
  }

  /** The functions of the last run that started (the current one, unless a restart is under way). */
  get registry(): FunctionRegistry {
    return this.#registry;
  }

  /** The current run, if any. */
  get current(): AppRun | undefined {
    return this.#current;
  }

  /** Why there is no current run, after a failed restart. */
  get failure(): Error | undefined {
    return this.#failure;
  }

  /** Whether a restart is under way. */
  get restarting(): boolean {
    return this.#restarting !== undefined;
  }

  /** Reserves an HTTP invocation on the current run, waiting for a restart to end. */
  async begin(descriptor: HttpFunctionDescriptor): Promise<HttpInvocationSlot> {
    const run = this.#current ?? (await this.#run());
    // After a restart the function ids may differ; the route still names the same function.
    const fn = run.registry.byId(descriptor.functionId) ?? run.registry.byName(descriptor.name);
    if (!fn) throw new Error(`Unknown function '${descriptor.name}'.`);
    return run.dispatcher.reserve(fn, HOST_API_REASON);
  }

  /**
   * Runs a non-HTTP function as the admin API does, on the current run (waiting for a restart to end);
   * never rejects.
   */
  async invoke(fn: FunctionInfo, input: string): Promise<InvocationOutcome> {
    let run: AppRun;
    try {
      run = this.#current ?? (await this.#run());
    } catch (error) {
      return failedOutcome('unavailable', (error as Error).message);
    }
    const current = run.registry.byName(fn.name);
    if (!current) return failedOutcome('unavailable', `The function '${fn.name}' is gone since the restart.`);
    const { inputData, triggerMetadata } = adminInput(current, input);
    return run.dispatcher.invoke(current, inputData, triggerMetadata, HOST_API_REASON);
  }

  /**
   * Stops the current run and starts a new one from the configuration as it is now. Asked for during a
   * restart, it runs once that one has ended; further requests meanwhile share it.
   *
   * @throws Error when the new run cannot start; the host then has no run until the next restart.
   */
  restart(): Promise<void> {
    if (this.#stopped) return Promise.reject(new Error('The host has stopped.'));
    if (this.#next) return this.#next;
    if (!this.#restarting) return this.#begin();
    this.#next = this.#restarting
      .catch(() => undefined)
      .then(() => {
        this.#next = undefined;
        return this.#stopped ? undefined : this.#begin();
      });
    return this.#next;
  }

  /** Lets restarts under way end, then stops the current run. Safe to call twice. */
  async stop(): Promise<void> {
    this.#stopped = true;
    const starting = await this.#starting?.catch(() => undefined);
    await this.#next?.catch(() => undefined);
    await this.#restarting?.catch(() => undefined);
    const run = this.#current ?? starting;
    this.#current = undefined;
    await run?.stop();
  }

  #begin(): Promise<void> {
    this.#restarting = this.#replace().finally(() => (this.#restarting = undefined));
    return this.#restarting;
  }

  async #replace(): Promise<void> {
    const previous = this.#current;
    this.#current = undefined;
    this.#failure = undefined;
    await previous?.stop();
    try {
      const began = performance.now();
      this.#current = await this.#launch(await this.#options.readConfig());
      logHostStarted(this.#options.logger, performance.now() - began);
    } catch (error) {
      this.#failure = error instanceof Error ? error : new Error(String(error));
      throw this.#failure;
    }
  }

  async #launch(config: AppConfig, launched?: WorkerChannel): Promise<AppRun> {
    const run = new AppRun(config, this.#options, launched);
    try {
      const registry = await run.started;
      for (const error of registry.errors) this.#options.logger.log('Error', 'Host.Startup', error);
      this.#registry = registry;
      this.#options.onLoaded(run);
      await run.startTriggers();
      return run;
    } catch (error) {
      await run.abort();
      throw error;
    }
  }

  /** The run to use once a restart under way has ended; callers try {@link #current} first. */
  async #run(): Promise<AppRun> {
    if (this.#restarting) await this.#restarting.catch(() => undefined);
    if (this.#current) return this.#current;
    if (this.#stopped) throw new Error('The host is shutting down.');
    throw new Error(`The host is not running: ${this.#failure?.message ?? 'it has not started'}`);
  }
}
