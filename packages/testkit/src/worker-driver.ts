import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  Capability,
  durationFromMs,
  FunctionRpcServer,
  isMessageOf,
  StatusResult_Status,
  streamingMessage,
  type FunctionMetadataResponse,
  type InvocationResponse,
  type MessageKind,
  type MessagePayload,
  type MessagePayloadInit,
  type RpcLog,
  type StreamingMessage,
  type StreamingMessageOf,
  type WorkerInitResponse,
  type WorkerStream,
  workerArguments,
  workerEnvironment,
  type WorkerArgumentStyle,
} from '@functions-rpc/protocol';

/** How to start the worker process: what a host reads from worker.config.json. */
export interface WorkerLaunch {
  /** The executable, such as `process.execPath` or `python3`. */
  readonly command: string;
  /** Arguments before the host's own (the worker script, for instance). */
  readonly args?: readonly string[];
  /** Extra environment on top of this process's. */
  readonly env?: Readonly<Record<string, string>>;
}

/** Options of {@link WorkerDriver.start}. */
export interface WorkerDriverOptions {
  readonly launch: WorkerLaunch;
  /** The function app; the worker's working directory and `function_app_directory`. */
  readonly appDir: string;
  /** Sent as `worker_directory`; defaults to the app directory. */
  readonly workerDir?: string;
  readonly argumentStyle?: WorkerArgumentStyle;
  /** Reuse a server (several drivers on one port); by default each driver has its own. */
  readonly server?: FunctionRpcServer;
  /** How long the process may take to send StartStream; default 30 s. */
  readonly startTimeoutMs?: number;
  /** How long any single request may wait for its answer; default 30 s. */
  readonly requestTimeoutMs?: number;
  /** Where the worker's stdout and stderr go; by default they are collected in `output`. */
  readonly stdio?: 'collect' | 'inherit';
}

/** Fields of WorkerInitRequest a test may set differently from the defaults. */
export interface WorkerInitOverrides {
  readonly hostVersion?: string;
  readonly capabilities?: Readonly<Record<string, string>>;
  readonly logCategories?: Readonly<Record<string, number>>;
  readonly workerDirectory?: string;
  readonly functionAppDirectory?: string;
}

/**
 * The WorkerInitRequest a host sends for an app: a current host version, the MultiStream capability the
 * reference host advertises, and the worker and app directories.
 */
export function workerInitRequest(
  appDir: string,
  workerDir = appDir,
): MessagePayloadInit<'workerInitRequest'> {
  return {
    hostVersion: '4.1000.0',
    capabilities: { [Capability.MultiStream]: '10' },
    workerDirectory: workerDir,
    functionAppDirectory: appDir,
  };
}

/** One pending `waitFor`: takes the message it matches, or fails when the worker goes away. */
interface Waiter {
  offer(message: StreamingMessage): boolean;
  fail(error: Error): void;
}

/** The outcome of one invocation: the worker's response and the logs that came with it, in order. */
export interface InvocationOutcome {
  readonly response: InvocationResponse;
  readonly logs: RpcLog[];
}

/**
 * Plays the Functions host towards one real worker process: launches it with the standard arguments,
 * accepts its stream, and offers each protocol exchange as an awaitable call. Used by the conformance
 * tests and the benchmarks to drive any worker, ours or another.
 */
export class WorkerDriver {
  /** Every message the worker sent, in order (StartStream excluded). */
  readonly received: StreamingMessage[] = [];
  /** Every message sent to the worker, in order. */
  readonly sent: StreamingMessage[] = [];

  readonly process: ChildProcess;
  readonly stream: WorkerStream;
  readonly server: FunctionRpcServer;
  readonly appDir: string;
  readonly workerDir: string;
  /** Resolves with the exit code (or signal name) once the process is gone. */
  readonly exited: Promise<number | string>;

  readonly #collected: { readonly output: string };
  readonly #ownsServer: boolean;
  readonly #requestTimeoutMs: number;
  readonly #waiters = new Set<Waiter>();
  readonly #invocationLogs = new Map<string, RpcLog[]>();

  private constructor(
    init: Pick<WorkerDriver, 'process' | 'stream' | 'server' | 'appDir' | 'workerDir' | 'exited'> & {
      readonly collected: { readonly output: string };
    },
    ownsServer: boolean,
    requestTimeoutMs: number,
  ) {
    this.process = init.process;
    this.stream = init.stream;
    this.server = init.server;
    this.appDir = init.appDir;
    this.workerDir = init.workerDir;
    this.exited = init.exited;
    this.#collected = init.collected;
    this.#ownsServer = ownsServer;
    this.#requestTimeoutMs = requestTimeoutMs;
    this.stream.onMessage((message) => this.#receive(message));
    void this.stream.closed.then(({ error }) =>
      this.#failWaiters(`the worker's stream ended${error ? `: ${error.message}` : ''}`),
    );
    void this.exited.then((code) => this.#failWaiters(`the worker exited (${code})`));
  }

  /** The worker's stdout and stderr so far, when collected. */
  get output(): string {
    return this.#collected.output;
  }

  /** Launches the worker and resolves once it has opened its stream with StartStream. */
  static async start(options: WorkerDriverOptions): Promise<WorkerDriver> {
    const server = options.server ?? (await FunctionRpcServer.listen());
    const workerId = randomUUID();
    const accepted = server.expectWorker(workerId, { timeoutMs: options.startTimeoutMs ?? 30_000 });
    const args = [
      ...(options.launch.args ?? []),
      ...workerArguments({
        port: server.port,
        workerId,
        requestId: randomUUID(),
        style: options.argumentStyle,
      }),
    ];
    const workerDir = options.workerDir ?? options.appDir;
    const child = spawn(options.launch.command, args, {
      cwd: options.appDir,
      env: {
        ...process.env,
        ...workerEnvironment({ workerDir, appDir: options.appDir }),
        // Core Tools exports the script root to its workers, and Python's imports the app from there.
        AzureWebJobsScriptRoot: options.appDir,
        ...options.launch.env,
      },
      stdio: options.stdio === 'inherit' ? 'inherit' : 'pipe',
    });
    // Collected from the spawn on, so a worker that fails before connecting can say why.
    const collected = { output: '' };
    const collect = (chunk: Buffer): void => {
      collected.output += chunk.toString();
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const exited = new Promise<number | string>((resolve) => {
      child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
      // A command that cannot be spawned emits 'error' and never 'exit'; unheard, it would crash the caller.
      child.on('error', (error) => {
        collected.output += `\n${error.message}`;
        resolve('spawn error');
      });
    });
    void exited.then(() => server.forgetWorker(workerId, 'the process exited before connecting'));
    let stream: WorkerStream;
    try {
      stream = await accepted;
    } catch (error) {
      child.kill('SIGKILL');
      if (!options.server) await server.close(0);
      throw new Error(`${(error as Error).message}\nWorker output:\n${collected.output}`, { cause: error });
    }
    return new WorkerDriver(
      { process: child, stream, server, appDir: options.appDir, workerDir, exited, collected },
      !options.server,
      options.requestTimeoutMs ?? 30_000,
    );
  }

  /** Resolves with the next message of `kind` that satisfies `match`. */
  waitFor<K extends MessageKind>(
    kind: K,
    match: (payload: MessagePayload<K>, message: StreamingMessage) => boolean = () => true,
    timeoutMs = this.#requestTimeoutMs,
  ): Promise<StreamingMessageOf<K>> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        offer: (message) => {
          if (!isMessageOf(message, kind)) return false;
          if (!match((message.content as { value: MessagePayload<K> }).value, message)) return false;
          clearTimeout(timer);
          resolve(message);
          return true;
        },
        fail: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new Error(`No ${kind} within ${timeoutMs} ms.\nWorker output:\n${this.output}`));
      }, timeoutMs);
      this.#waiters.add(waiter);
    });
  }

  /** Sends one message and waits for the answer of `replyKind` that satisfies `match`. */
  async request<K extends MessageKind, R extends MessageKind>(
    kind: K,
    payload: MessagePayloadInit<K>,
    replyKind: R,
    match?: (payload: MessagePayload<R>, message: StreamingMessage) => boolean,
    requestId = '',
  ): Promise<StreamingMessageOf<R>> {
    const reply = this.waitFor(replyKind, match);
    this.send(kind, payload, requestId);
    return reply;
  }

  /** Sends one message of `kind` and records it in `sent`. */
  send<K extends MessageKind>(kind: K, payload: MessagePayloadInit<K>, requestId = ''): boolean {
    return this.sendMessage(streamingMessage(kind, payload, requestId));
  }

  /** Sends a prebuilt message (one with unknown fields, for instance) and records it in `sent`. */
  sendMessage(message: StreamingMessage): boolean {
    this.sent.push(message);
    return this.stream.sendMessage(message);
  }

  /** WorkerInitRequest for the app directory. */
  async init(init: WorkerInitOverrides = {}): Promise<WorkerInitResponse> {
    const payload = { ...workerInitRequest(this.appDir, this.workerDir), ...init };
    const reply = await this.request('workerInitRequest', payload, 'workerInitResponse');
    return reply.content.value;
  }

  /** FunctionsMetadataRequest for the app directory. */
  async metadata(): Promise<FunctionMetadataResponse> {
    const payload = { functionAppDirectory: this.appDir };
    const reply = await this.request('functionsMetadataRequest', payload, 'functionMetadataResponse');
    return reply.content.value;
  }

  /** Sends one FunctionLoadRequest per function and waits for every answer. */
  async load(requests: readonly MessagePayloadInit<'functionLoadRequest'>[]): Promise<void> {
    await Promise.all(
      requests.map(async (request) => {
        const reply = await this.request(
          'functionLoadRequest',
          request,
          'functionLoadResponse',
          (response) => response.functionId === request.functionId,
        );
        const { result } = reply.content.value;
        if (result?.status !== StatusResult_Status.Success) {
          throw new Error(
            `Loading ${request.functionId} failed: ${result?.exception?.message ?? 'no result'}`,
          );
        }
      }),
    );
  }

  /** Init, metadata and load of every function the worker indexed: a worker ready for invocations. */
  async initAndLoad(): Promise<FunctionMetadataResponse> {
    const init = await this.init();
    if (init.result?.status !== StatusResult_Status.Success)
      throw new Error(`Init failed: ${init.result?.exception?.message}`);
    const metadata = await this.metadata();
    await this.load(
      metadata.functionMetadataResults.map((functionMetadata) => ({
        functionId: functionMetadata.functionId,
        metadata: functionMetadata,
      })),
    );
    return metadata;
  }

  /** Sends an InvocationRequest and resolves with its response and the logs sent for it before that. */
  async invoke(request: MessagePayloadInit<'invocationRequest'>): Promise<InvocationOutcome> {
    const invocationId = request.invocationId || randomUUID();
    this.#invocationLogs.set(invocationId, []);
    try {
      const reply = await this.request(
        'invocationRequest',
        { ...request, invocationId },
        'invocationResponse',
        (response) => response.invocationId === invocationId,
      );
      return { response: reply.content.value, logs: this.#invocationLogs.get(invocationId) ?? [] };
    } finally {
      this.#invocationLogs.delete(invocationId);
    }
  }

  /** Sends WorkerTerminate and waits for the process to exit; kills it if it outlives the grace period. */
  async terminate(gracePeriodMs = 5000): Promise<number | string> {
    this.send('workerTerminate', { gracePeriod: durationFromMs(gracePeriodMs) });
    const timer = setTimeout(() => this.process.kill('SIGKILL'), gracePeriodMs + 1000);
    const code = await this.exited;
    clearTimeout(timer);
    await this.#closeServer();
    return code;
  }

  /** Kills the process and closes the server if the driver owns it. */
  async dispose(): Promise<void> {
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill('SIGKILL');
    await this.exited;
    this.stream.cancel();
    await this.#closeServer();
  }

  #receive(message: StreamingMessage): void {
    this.received.push(message);
    if (isMessageOf(message, 'rpcLog'))
      this.#invocationLogs.get(message.content.value.invocationId)?.push(message.content.value);
    for (const waiter of this.#waiters) {
      if (waiter.offer(message)) {
        this.#waiters.delete(waiter);
        return;
      }
    }
  }

  /** No answer can come any more: fail every pending wait at once instead of at its timeout. */
  #failWaiters(reason: string): void {
    for (const waiter of this.#waiters) waiter.fail(new Error(`${reason}.\nWorker output:\n${this.output}`));
    this.#waiters.clear();
  }

  async #closeServer(): Promise<void> {
    if (this.#ownsServer) await this.server.close(100);
  }
}
