import { randomUUID } from 'node:crypto';
import {
  durationFromMs,
  isMessageOf,
  StatusResult_Status,
  type FunctionMetadataResponse,
  type FunctionRpcServer,
  type MessageKind,
  type MessagePayloadInit,
  type RpcLog,
  type StreamingMessage,
  type WorkerMetadata,
  type WorkerConfig,
  type WorkerStream,
  workerArguments,
} from '@functions-rpc/protocol';
import { Capability, hasCapability, HOST_CAPABILITIES, type CapabilityName } from '../capabilities.js';
import type { FunctionInfo } from '../functions/function-info.js';
import type { HttpInvocationSlot } from '../http/index.js';
import type { HostLogger } from '../log/host-logger.js';
import type { LogLevel } from '../log/log-level.js';
import type { WorkerLaunch } from '../workers/launch-command.js';
import { checkPeerProcess } from '../workers/peer-process.js';
import { describeExit, WorkerProcess, type WorkerExit } from '../workers/worker-process.js';
import type { ChannelIo } from './channel-io.js';
import { logRpcLog } from './channel-logging.js';
import { loadFunctions } from './load-functions.js';
import { statusMessage } from './status-message.js';

import { InvocationTable } from './invocation-table.js';
import { PendingReplies } from './pending-replies.js';

/** Where a channel is in its life. */
export type ChannelState =
  'starting' | 'initializing' | 'loading' | 'ready' | 'stopping' | 'failed' | 'stopped';

/** How a channel ended; the pool decides from it whether to start another worker. */
export interface ChannelEnd {
  readonly message: string;
  /** Counts against the restart threshold (BEHAVIOR 7 "worker error event"). */
  readonly isError: boolean;
  /** Another worker should take its place (false after a clean exit 0 or a requested stop). */
  readonly replace: boolean;
  readonly exit?: WorkerExit;
}

/** Options of {@link WorkerChannel}. */
export interface WorkerChannelOptions {
  readonly server: FunctionRpcServer;
  readonly worker: WorkerConfig;
  readonly launch: WorkerLaunch;
  readonly appDir: string;
  readonly logger: HostLogger;
  readonly hostVersion: string;
  /** Load requests → responses; undefined waits without limit. */
  readonly loadTimeoutMs: number | undefined;
  /** How long a timed-out invocation on a worker that cannot cancel may still finish before the worker is restarted. */
  readonly cancelGraceMs: number;
}

const METADATA_TIMEOUT_MS = 60_000;
const STATUS_HISTORY = 6;
const STREAM_LOSS_EXIT_WAIT_MS = 1000;

/**
 * One worker process and its EventStream: launch, StartStream, init, metadata and load; invocations in
 * flight (each settled exactly once: by its response, its timeout, a cancel, or the loss of the worker);
 * status checks; terminate. The first failure ends the channel for good — the pool starts a new one.
 */
export class WorkerChannel {
  readonly workerId = randomUUID();
  readonly worker: WorkerConfig;
  /** Resolves once, when the channel is over for whatever reason. */
  readonly ended: Promise<ChannelEnd>;
  state: ChannelState = 'starting';
  /** Frozen once init answered; the same object for the channel's life (the HTTP front end caches by it). */
  capabilities: Readonly<Record<string, string>> = Object.freeze({});
  workerMetadata: WorkerMetadata | undefined;
  readonly startedAt = new Date();
  /** The last status round-trips in ms, newest last. */
  readonly latencies: number[] = [];
  /** Functions whose load failed on this worker, by id: invoking them fails at once with this message. */
  readonly loadErrors = new Map<string, string>();

  readonly #options: WorkerChannelOptions;
  readonly #pending = new PendingReplies();
  readonly #category: string;
  #process: WorkerProcess | undefined;
  #started: Promise<void> | undefined;
  #stream: WorkerStream | undefined;
  #end!: (end: ChannelEnd) => void;
  /** How the channel ended, once it has. */
  #endedWith: ChannelEnd | undefined;
  readonly #invocations: InvocationTable;
  readonly #io: ChannelIo = {
    send: (kind, payload, requestId) => this.#send(kind, payload, requestId),
    pending: this.#pending,
  };

  constructor(options: WorkerChannelOptions) {
    this.#options = options;
    this.worker = options.worker;
    this.#category = `Worker.${options.worker.language}`;
    this.#invocations = new InvocationTable({
      logger: options.logger,
      workerId: this.workerId,
      send: (kind, payload, requestId) => this.#send(kind, payload, requestId),
      canCancel: () => this.can(Capability.HandlesInvocationCancelMessage),
      cancelGraceMs: options.cancelGraceMs,
      unavailable: () => (this.state === 'ready' ? undefined : `The worker is ${this.state}.`),
      loadError: (functionId) => this.loadErrors.get(functionId),
      onUncancellableTimeout: (message) => this.fail(message, { isError: false, replace: true }),
    });
    this.ended = new Promise((resolve) => (this.#end = resolve));
  }

  /** The worker's OS process id. */
  get pid(): number | undefined {
    return this.#process?.pid;
  }

  /** Invocations reserved or running on this worker. */
  get inFlight(): number {
    return this.#invocations.size;
  }

  /** Whether the worker advertised a capability. */
  can(name: CapabilityName): boolean {
    return hasCapability(this.capabilities, name);
  }

  /**
   * Launches the process, waits for its StartStream and initializes it. Called again, it returns the same
   * promise: the host launches its first worker before the pool that then adopts it exists.
   *
   * @throws Error when any step fails or times out; the channel has then ended.
   */
  start(): Promise<void> {
    return (this.#started ??= this.#start());
  }

  async #start(): Promise<void> {
    const { server, worker, launch, logger } = this.#options;
    const accepted = server.expectWorker(this.workerId, {
      timeoutMs: worker.processOptions.processStartupTimeoutMs,
      // The worker id is on the command line for any local process to read: only the process launched here
      // (or one it started) may take the worker's place.
      verifyPeer: (peer) => checkPeerProcess(peer, server.port, this.#process?.pid),
    });
    const hostArgs = workerArguments({
      port: server.port,
      workerId: this.workerId,
      requestId: randomUUID(),
      maxMessageLength: server.maxMessageLength,
    });
    const child = WorkerProcess.spawn(launch, hostArgs, {
      logger,
      workerId: this.workerId,
      category: this.#category,
      useStdErrorStreamForErrorsOnly: worker.useStdErrorStreamForErrorsOnly,
    });
    this.#process = child;
    void child.exited.then((exit) => this.#onExit(exit));
    try {
      this.#stream = await Promise.race([
        accepted,
        child.exited.then((exit) => Promise.reject(new Error(describeExit(launch.command, exit)))),
      ]);
    } catch (error) {
      server.forgetWorker(this.workerId, 'start failed');
      throw this.#failStartup(error);
    }
    this.#stream.onMessage((message) => this.#receive(message));
    void this.#stream.closed.then((end) => this.#onStreamClosed(end.error?.message));
    await this.#step(() => this.#init());
  }

  /** Asks the worker to index the app (FunctionsMetadataRequest); only the first worker is asked. */
  async requestMetadata(): Promise<FunctionMetadataResponse> {
    return this.#step(async () => {
      const reply = this.#pending.wait(
        'functionMetadataResponse',
        'FunctionMetadataResponse',
        METADATA_TIMEOUT_MS,
      );
      this.#send('functionsMetadataRequest', { functionAppDirectory: this.#options.appDir });
      return reply;
    });
  }

  /**
   * Loads the functions (one collection when the worker supports it) and marks the channel ready.
   * A function whose load fails is remembered in {@link loadErrors}; the others stay usable.
   */
  async load(functions: readonly FunctionInfo[]): Promise<void> {
    if (this.state === 'initializing') this.state = 'loading';
    const collection = this.can(Capability.SupportsLoadResponseCollection);
    const errors = await this.#step(() =>
      loadFunctions(this.#io, functions, collection, this.#options.loadTimeoutMs, (functionId) =>
        this.#log('Warning', `Load response for unknown function id '${functionId}' ignored.`),
      ),
    );
    for (const [functionId, message] of errors) {
      this.loadErrors.set(functionId, message);
      const functionName = functions.find((fn) => fn.functionId === functionId)?.name;
      this.#options.logger.log('Error', `Function.${functionName}`, message, {
        functionName,
        workerId: this.workerId,
      });
    }
    if (this.state === 'loading') this.state = 'ready';
  }

  /**
   * Reserves an invocation of `fn` on this worker (it counts as in flight from now on). The slot's
   * `invoke` sends the request; its promise settles exactly once, whatever happens.
   *
   * @param timeoutMs undefined = unbounded.
   */
  reserve(fn: FunctionInfo, timeoutMs: number | undefined, reason: string): HttpInvocationSlot {
    return this.#invocations.reserve(fn, timeoutMs, reason, this.capabilities);
  }

  /**
   * Sends a WorkerStatusRequest with a fresh request id and resolves with the round-trip in ms.
   *
   * @throws Error when no answer comes within `timeoutMs` or the channel ends.
   */
  async checkStatus(timeoutMs: number): Promise<number> {
    const requestId = randomUUID();
    const started = performance.now();
    const reply = this.#pending.wait(
      'workerStatusResponse',
      'WorkerStatusResponse',
      timeoutMs,
      (_p, m) => m.requestId === requestId,
    );
    this.#send('workerStatusRequest', {}, requestId);
    await reply;
    const latency = performance.now() - started;
    this.latencies.push(Math.round(latency * 100) / 100);
    if (this.latencies.length > STATUS_HISTORY) this.latencies.shift();
    return latency;
  }

  /**
   * Ends the channel because of a failure: in-flight invocations fail at once, the process is killed.
   */
  fail(message: string, options: { isError: boolean; replace: boolean }): void {
    if (this.#endedWith) return;
    this.#options.logger.log('Error', this.#category, message, { workerId: this.workerId });
    this.#finish({ message, ...options }, 'worker-lost');
    this.#process?.kill();
  }

  /** Resolves once no invocation runs on this worker, or after `ms`. */
  drain(ms: number): Promise<void> {
    return this.#invocations.drain(ms);
  }

  /**
   * Stops the worker gracefully: waits up to `drainMs` for running invocations, sends WorkerTerminate
   * (to workers that handle it) and waits up to `graceMs` for the exit, then kills it.
   */
  async stop(drainMs: number, graceMs: number): Promise<void> {
    if (this.#endedWith) return;
    this.state = 'stopping';
    await this.#invocations.drain(drainMs);
    const process = this.#process;
    if (process?.alive) {
      if (this.can(Capability.HandlesWorkerTerminateMessage)) {
        this.#send('workerTerminate', { gracePeriod: durationFromMs(graceMs) });
        await process.waitForExit(graceMs);
      } else {
        // Workers that cannot be told to stop are told by their stream ending; the kill below is the backstop.
        void this.#stream?.end();
        await process.waitForExit(Math.min(graceMs, 500));
      }
      process.kill();
      await process.waitForExit(1000);
    }
    this.#finish({ message: 'stopped', isError: false, replace: false }, 'cancelled');
    this.#stream?.cancel();
  }

  async #init(): Promise<void> {
    this.state = 'initializing';
    const { worker, appDir, hostVersion } = this.#options;
    const reply = this.#pending.wait(
      'workerInitResponse',
      'WorkerInitResponse',
      worker.processOptions.initializationTimeoutMs,
    );
    this.#send('workerInitRequest', {
      hostVersion,
      capabilities: { ...HOST_CAPABILITIES },
      workerDirectory: worker.workerDir,
      functionAppDirectory: appDir,
    });
    const response = await reply;
    this.capabilities = Object.freeze({ ...response.capabilities });
    this.workerMetadata = response.workerMetadata;
    if (response.result?.status !== StatusResult_Status.Success) {
      throw new Error(`Worker initialization failed: ${statusMessage(response.result)}`);
    }
  }

  #receive(message: StreamingMessage): void {
    if (isMessageOf(message, 'invocationResponse'))
      return this.#invocations.onResponse(message.content.value);
    if (isMessageOf(message, 'rpcLog')) return this.#onLog(message.content.value);
    if (this.#pending.deliver(message)) return;
    this.#options.logger.log(
      'Debug',
      this.#category,
      `Unsolicited ${message.content.case ?? 'empty message'} ignored.`,
      { workerId: this.workerId },
    );
  }

  #onLog(log: RpcLog): void {
    logRpcLog(this.#options.logger, log, {
      workerId: this.workerId,
      category: this.#category,
      functionName: log.invocationId ? this.#invocations.functionNameOf(log.invocationId) : undefined,
    });
  }

  #log(level: LogLevel, message: string): void {
    this.#options.logger.log(level, this.#category, message, { workerId: this.workerId });
  }

  #send<K extends MessageKind>(kind: K, payload: MessagePayloadInit<K>, requestId = ''): void {
    this.#stream?.send(kind, payload, requestId);
  }

  /** Runs one start-up step; a failure or timeout ends the channel as a worker error. */
  async #step<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw this.#failStartup(error);
    }
  }

  /** Ends the channel for a failed start-up step; the error names the first cause (an exit, a timeout…). */
  #failStartup(error: unknown): Error {
    if (this.#endedWith) return new Error(this.#endedWith.message, { cause: error });
    const message = (error as Error).message;
    this.fail(message, { isError: true, replace: true });
    return error instanceof Error ? error : new Error(message);
  }

  #onExit(exit: WorkerExit): void {
    if (this.#endedWith) return;
    const message = describeExit(this.#options.launch.command, exit);
    const stopping = this.state === 'stopping';
    // Exit code 200 asks for a restart that is no error. Any other exit the host did not ask for is an error,
    // code 0 included: the reference host ignores it and is left without that worker for good.
    const restartAsked = exit.code === 200;
    const level = stopping ? 'Information' : restartAsked ? 'Warning' : 'Error';
    this.#options.logger.log(level, this.#category, message, { workerId: this.workerId });
    this.#finish({ message, isError: !stopping && !restartAsked, replace: !stopping, exit }, 'worker-lost');
  }

  #onStreamClosed(error: string | undefined): void {
    if (this.#endedWith || this.state === 'stopping') return;
    // A worker that dies drops its stream first; give its exit a moment so the failure names the exit code
    // and its last error lines. A worker that lives on without its stream cannot serve any more.
    void this.#process?.waitForExit(STREAM_LOSS_EXIT_WAIT_MS).then((exited) => {
      if (!exited)
        this.fail(`The worker's stream ended${error ? `: ${error}` : ''}.`, { isError: true, replace: true });
    });
  }

  #finish(end: ChannelEnd, reason: 'worker-lost' | 'cancelled'): void {
    if (this.#endedWith) return;
    this.#endedWith = end;
    this.state = end.isError || end.replace ? 'failed' : 'stopped';
    const error = new Error(end.message);
    this.#pending.rejectAll(error);
    const message =
      reason === 'cancelled'
        ? 'The host is shutting down.'
        : `The worker running the function was lost: ${end.message}`;
    this.#invocations.failAll(reason, message);
    this.#options.server.forgetWorker(this.workerId, 'channel ended');
    this.#end(end);
  }
}
