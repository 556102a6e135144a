import { Capability } from '../capabilities.js';
import { WorkerChannel, type ChannelEnd, type WorkerChannelOptions } from '../channel/worker-channel.js';
import type { FunctionRegistry } from '../functions/function-registry.js';
import { RestartPolicy } from '../workers/restart-policy.js';

/** Health checks of workers that advertise WorkerStatus. */
export interface HealthCheckOptions {
  /** Between two checks of one worker; default 10 s. 0 turns checks off. */
  readonly intervalMs?: number;
  /** A worker that does not answer within this is restarted; default 60 s. */
  readonly timeoutMs?: number;
}

/** Options of {@link WorkerPool}. */
export interface WorkerPoolOptions extends WorkerChannelOptions {
  readonly processCount: number;
  readonly health: HealthCheckOptions;
  /** First restart delay (doubled per further error); default 100 ms. */
  readonly restartBackoffMs?: number;
  /** Indexes the app through the first worker. */
  readonly index: (first: WorkerChannel) => Promise<FunctionRegistry>;
  /** The first worker, when the caller launched it already (with these options); the pool adopts it. */
  readonly launched?: WorkerChannel | undefined;
}

/** Where the pool is. */
export type PoolState = 'starting' | 'running' | 'exhausted' | 'stopping' | 'stopped';

/**
 * The worker processes of one runtime: starts processCount channels (the first one indexes the app),
 * replaces failed ones under the restart policy, checks their health, and stops them all.
 */
export class WorkerPool {
  state: PoolState = 'starting';
  readonly channels: WorkerChannel[] = [];
  readonly policy: RestartPolicy;
  readonly #options: WorkerPoolOptions;
  readonly #readyListeners = new Set<() => void>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #registry: FunctionRegistry | undefined;
  /** When the next worker starts, while the restart budget is spent and a restart waits. */
  nextRestartAt: Date | undefined;
  /** The first worker, which indexes the app. */
  #indexer: WorkerChannel | undefined;
  /** Settles once the first worker indexed the app (or failed to). */
  #indexed: Promise<FunctionRegistry> | undefined;

  constructor(options: WorkerPoolOptions) {
    this.#options = options;
    this.policy = new RestartPolicy({
      processCount: options.processCount,
      ...(options.restartBackoffMs !== undefined ? { initialBackoffMs: options.restartBackoffMs } : {}),
    });
  }

  /**
   * Starts every worker at once; the first indexes the app, then all load its functions.
   *
   * @throws Error when the first worker cannot start, index or load.
   */
  async start(): Promise<FunctionRegistry> {
    const { launched } = this.#options;
    const channels = Array.from({ length: this.#options.processCount }, (_, i) =>
      this.#newChannel(i === 0 ? launched : undefined),
    );
    this.#indexer = channels[0];
    const [first, ...others] = channels.map((channel) => ({ channel, started: channel.start() }));
    // Keep the others' rejections observed; their loss is handled through `ended`.
    for (const other of others) other.started.catch(() => undefined);
    const indexing = first!.started.then(() => this.#options.index(first!.channel));
    this.#indexed = indexing;
    indexing.catch(() => undefined);
    const registry = await indexing;
    this.#registry = registry;
    await Promise.all([
      this.#load(first!.channel),
      ...others.map(({ channel, started }) => started.then(() => this.#load(channel)).catch(() => undefined)),
    ]);
    if (this.state === 'starting') this.state = 'running';
    return registry;
  }

  /** Channels that can take invocations now. */
  ready(): WorkerChannel[] {
    return this.channels.filter((channel) => channel.state === 'ready');
  }

  /**
   * Resolves with the ready channels, waiting up to `timeoutMs` while workers are (re)starting;
   * an empty list when none became ready or the pool gave up.
   */
  async whenReady(timeoutMs: number): Promise<WorkerChannel[]> {
    const ready = this.ready();
    // While the restart budget is spent, the next worker may be a minute away: callers get no worker at once.
    if (ready.length > 0 || !this.#canRecover()) return ready;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#readyListeners.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.#readyListeners.add(done);
    });
    return this.ready();
  }

  /**
   * Begins stopping: no more restarts or new invocations; resolves once the running invocations finished
   * or `drainMs` passed.
   */
  async drain(drainMs: number): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopping';
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#notifyReady();
    await Promise.all(this.channels.map((channel) => channel.drain(drainMs)));
  }

  /** Stops every worker: drain, WorkerTerminate where handled, kill what is left. */
  async stop(drainMs: number, graceMs: number): Promise<void> {
    await this.drain(drainMs);
    await Promise.all(this.channels.map((channel) => channel.stop(0, graceMs)));
    this.state = 'stopped';
  }

  /** False once stopping began: no new invocation may start. */
  get accepting(): boolean {
    return this.#restartable();
  }

  #canRecover(): boolean {
    return this.state === 'starting' || this.state === 'running';
  }

  /** Workers are still replaced: running, or waiting out the delay after the restart budget was spent. */
  #restartable(): boolean {
    return this.#canRecover() || this.state === 'exhausted';
  }

  #newChannel(launched?: WorkerChannel): WorkerChannel {
    const channel = launched ?? new WorkerChannel(this.#options);
    this.channels.push(channel);
    void channel.ended.then((end) => this.#onEnded(channel, end));
    return channel;
  }

  async #load(channel: WorkerChannel): Promise<void> {
    await channel.load(this.#registry?.all ?? []);
    if (channel.state !== 'ready') return;
    if (this.state === 'exhausted') this.state = 'running';
    this.nextRestartAt = undefined;
    this.#startHealthChecks(channel);
    this.#notifyReady();
  }

  #onEnded(channel: WorkerChannel, end: ChannelEnd): void {
    const indexing = channel === this.#indexer && !this.#registry;
    this.channels.splice(this.channels.indexOf(channel), 1);
    // The worker that indexes the app failing makes start() fail: nothing to restart.
    if (!this.#restartable() || !end.replace || indexing) {
      this.#notifyReady();
      return;
    }
    const decision = end.isError
      ? this.policy.recordError()
      : { delayMs: 0, overBudget: this.policy.overBudget };
    const delay = decision.delayMs;
    if (decision.overBudget) this.#overBudget(delay);
    else
      this.#options.logger.log(
        'Information',
        'Host.Workers',
        `Restarting the ${channel.worker.language} worker in ${delay} ms.`,
      );
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      void this.#replace();
    }, delay);
    this.#timers.add(timer);
  }

  async #replace(): Promise<void> {
    // A worker lost while the first one still indexes the app is replaced once the functions are known.
    const known = await this.#indexed?.then(
      () => true,
      () => false,
    );
    if (!this.#restartable() || !known) return;
    const channel = this.#newChannel();
    try {
      await channel.start();
      await this.#load(channel);
      this.#options.logger.log(
        'Information',
        'Host.Workers',
        `Worker process ${channel.pid} started and ready.`,
        { workerId: channel.workerId },
      );
    } catch {
      // The failure ended the channel; #onEnded counts it and decides again.
    }
  }

  /** The restart budget is spent: say so (Critical when it first happens), and wait longer before restarts. */
  #overBudget(delayMs: number): void {
    const { language } = this.#options.worker;
    const { errorCount, threshold } = this.policy;
    const remaining = this.channels.length;
    this.nextRestartAt = new Date(Date.now() + delayMs);
    this.#options.logger.log(
      errorCount === threshold ? 'Critical' : 'Error',
      'Host.Workers',
      `Exceeded language worker restart retry count for runtime '${language}': ${errorCount} worker errors ` +
        `within 30 minutes (threshold ${threshold}). ${remaining} worker(s) left; restarting one in ` +
        `${Math.round(delayMs / 1000)} s, and later ones up to a minute apart, until a change to the app's ` +
        `files or a host restart starts over.`,
    );
    if (remaining === 0) this.state = 'exhausted';
    this.#notifyReady();
  }

  #startHealthChecks(channel: WorkerChannel): void {
    const intervalMs = this.#options.health.intervalMs ?? 10_000;
    const timeoutMs = this.#options.health.timeoutMs ?? 60_000;
    if (intervalMs <= 0 || !channel.can(Capability.WorkerStatus)) return;
    const check = async (): Promise<void> => {
      if (channel.state !== 'ready') return;
      try {
        await channel.checkStatus(timeoutMs);
      } catch {
        if (channel.state === 'ready') {
          channel.fail(
            `The worker (pid ${channel.pid}) did not answer a status request within ${timeoutMs} ms; restarting it.`,
            { isError: true, replace: true },
          );
        }
        return;
      }
      schedule();
    };
    const schedule = (): void => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        void check();
      }, intervalMs);
      timer.unref();
      this.#timers.add(timer);
    };
    // A first sample right away, so the status page has a latency as soon as the worker is ready.
    void check();
  }

  #notifyReady(): void {
    for (const listener of [...this.#readyListeners]) listener();
  }
}
