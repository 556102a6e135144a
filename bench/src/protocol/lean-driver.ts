import { randomUUID } from 'node:crypto';
import {
  FunctionRpcServer,
  StatusResult_Status,
  isMessageOf,
  type FunctionMetadataResponse,
  type InvocationResponse,
  type MessageKind,
  type MessagePayload,
  type MessagePayloadInit,
  type RpcFunctionMetadata,
  type StreamingMessage,
  type StreamingMessageOf,
  type WorkerInitResponse,
  type WorkerStream,
  workerEnvironment,
} from '@functions-rpc/protocol';
import { workerArguments, workerInitRequest } from '@functions-rpc/testkit';
import { Spawned, type Launch } from '../process/spawned.js';

/** When each start-up step finished, in ms since the process was spawned. */
export interface StartupTimings {
  readonly connectedMs: number;
  readonly initializedMs: number;
  readonly loadedMs: number;
}

/** What the worker reported during the handshake. */
export interface Handshake {
  readonly init: WorkerInitResponse;
  readonly metadata: FunctionMetadataResponse;
  readonly timings: StartupTimings;
}

type Waiter = (message: StreamingMessage) => boolean;

interface Pending {
  resolve(response: InvocationResponse): void;
  reject(error: Error): void;
}

const TIMEOUT_MS = 30_000;

/**
 * Plays the host towards one worker with as little work per invocation as possible: a map from
 * invocation id to its pending promise and nothing else, so the driver costs the same for every worker
 * and stays out of the way of the figures.
 */
export class LeanDriver {
  readonly process: Spawned;
  readonly stream: WorkerStream;
  readonly #server: FunctionRpcServer;
  readonly #appDir: string;
  readonly #pending = new Map<string, Pending>();
  readonly #waiters = new Set<Waiter>();

  private constructor(process: Spawned, stream: WorkerStream, server: FunctionRpcServer, appDir: string) {
    this.process = process;
    this.stream = stream;
    this.#server = server;
    this.#appDir = appDir;
    stream.onMessage((message) => this.#receive(message));
    void stream.closed.then(({ error }) => this.#failAll(error?.message ?? 'the stream ended'));
  }

  /** Spawns the worker with the host's standard arguments and waits for its StartStream. */
  static async start(launch: Launch, appDir: string): Promise<LeanDriver> {
    const server = await FunctionRpcServer.listen();
    const workerId = randomUUID();
    const accepted = server.expectWorker(workerId, { timeoutMs: TIMEOUT_MS });
    const args = [
      ...launch.args,
      ...workerArguments({ port: server.port, workerId, requestId: randomUUID() }),
    ];
    const env = { ...workerEnvironment({ workerDir: appDir, appDir }), ...launch.env };
    const spawned = new Spawned({ ...launch, args, cwd: appDir, env });
    void spawned.exited.then((code) => server.forgetWorker(workerId, `the process exited (${code})`));
    try {
      return new LeanDriver(spawned, await accepted, server, appDir);
    } catch (error) {
      await spawned.stop(0);
      await server.close(0);
      throw new Error(`${(error as Error).message}\n${spawned.output}`, { cause: error });
    }
  }

  /** Init, metadata and one load per function, timed from the spawn. */
  async handshake(): Promise<Handshake> {
    const connectedMs = performance.now() - this.process.startedAt;
    const init = await this.#request(
      'workerInitRequest',
      workerInitRequest(this.#appDir),
      'workerInitResponse',
    );
    requireSuccess(init.result?.status, 'WorkerInitRequest', init.result?.exception?.message);
    const initializedMs = performance.now() - this.process.startedAt;
    const metadata = await this.#request(
      'functionsMetadataRequest',
      { functionAppDirectory: this.#appDir },
      'functionMetadataResponse',
    );
    await Promise.all(metadata.functionMetadataResults.map((fn) => this.#load(fn)));
    const loadedMs = performance.now() - this.process.startedAt;
    return { init, metadata, timings: { connectedMs, initializedMs, loadedMs } };
  }

  /** Sends one InvocationRequest and resolves with its response. */
  invoke(request: MessagePayloadInit<'invocationRequest'>): Promise<InvocationResponse> {
    const invocationId = randomUUID();
    return new Promise((resolve, reject) => {
      this.#pending.set(invocationId, { resolve, reject });
      if (!this.stream.send('invocationRequest', { ...request, invocationId })) {
        this.#pending.delete(invocationId);
        reject(new Error(`The stream is closed.\n${this.process.output}`));
      }
    });
  }

  /** Kills the worker by its PID and closes the server. */
  async dispose(): Promise<void> {
    await this.process.stop(500);
    this.stream.cancel();
    await this.#server.close(100);
  }

  async #load(fn: RpcFunctionMetadata): Promise<void> {
    const reply = await this.#request(
      'functionLoadRequest',
      { functionId: fn.functionId, metadata: fn },
      'functionLoadResponse',
      (response) => response.functionId === fn.functionId,
    );
    requireSuccess(reply.result?.status, `Loading ${fn.name}`, reply.result?.exception?.message);
  }

  async #request<K extends MessageKind, R extends MessageKind>(
    kind: K,
    payload: MessagePayloadInit<K>,
    replyKind: R,
    match: (payload: MessagePayload<R>) => boolean = () => true,
  ): Promise<MessagePayload<R>> {
    const reply = new Promise<StreamingMessageOf<R>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new Error(`No ${replyKind} within ${TIMEOUT_MS} ms.\n${this.process.output}`));
      }, TIMEOUT_MS);
      const waiter: Waiter = (message) => {
        if (!isMessageOf(message, replyKind)) return false;
        if (!match((message.content as { value: MessagePayload<R> }).value)) return false;
        clearTimeout(timer);
        resolve(message);
        return true;
      };
      this.#waiters.add(waiter);
      this.stream.send(kind, payload);
    });
    return ((await reply).content as { value: MessagePayload<R> }).value;
  }

  #receive(message: StreamingMessage): void {
    if (isMessageOf(message, 'invocationResponse')) {
      const { invocationId } = message.content.value;
      const pending = this.#pending.get(invocationId);
      this.#pending.delete(invocationId);
      pending?.resolve(message.content.value);
      return;
    }
    for (const waiter of this.#waiters) {
      if (waiter(message)) {
        this.#waiters.delete(waiter);
        return;
      }
    }
  }

  #failAll(reason: string): void {
    const error = new Error(`Invocation lost: ${reason}.\n${this.process.output}`);
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }
}

function requireSuccess(status: StatusResult_Status | undefined, step: string, message?: string): void {
  if (status !== StatusResult_Status.Success) throw new Error(`${step} failed: ${message ?? 'no result'}`);
}
