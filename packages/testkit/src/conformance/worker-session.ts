import { randomUUID } from 'node:crypto';
import {
  Capability,
  FunctionEnvironmentReloadResponse_CapabilitiesUpdateStrategy,
  FunctionRpcServer,
  hasCapability,
  parseBinding,
  rpcFunctionMetadata,
  StatusResult_Status,
  type FunctionBinding,
  type MessagePayloadInit,
  type RefusedStream,
  type RpcFunctionMetadata,
  type RpcFunctionMetadataInit,
  type StreamingMessage,
  type StreamingMessageOf,
  type WorkerArgumentStyle,
  type WorkerInitResponse,
} from '@functions-rpc/protocol';
import { readFunctionJsonMetadata } from '../function-json.js';
import { httpCapabilitiesOf, type HttpCapabilities } from '../rpc-http.js';
import { WorkerDriver, type WorkerLaunch } from '../worker-driver.js';
import { ProtocolMonitor } from './protocol-monitor.js';
import { check, NotApplicable, ScenarioFailure } from './verdict.js';

/** The worker under test and how to reach it: what every scenario starts from. */
export interface WorkerUnderTest {
  readonly launch: WorkerLaunch;
  /** The app with the kit's functions (see the package README). */
  readonly appDir: string;
  /** Sent as worker_directory; defaults to the app directory. */
  readonly workerDir?: string;
  readonly argumentStyle?: WorkerArgumentStyle;
  /** Script extensions of the worker's language, for host indexing of function.json apps. */
  readonly extensions?: readonly string[];
  /** Language name put into host-indexed metadata; defaults to `node`. */
  readonly language?: string;
  /** How long the worker may take to connect, and to answer any one request; default 30 s each. */
  readonly timeoutMs?: number;
}

/** A function of the app as indexed (by the worker or from function.json), with its parsed bindings. */
export interface IndexedKitFunction {
  readonly name: string;
  readonly functionId: string;
  readonly parsedBindings: readonly FunctionBinding[];
  /** The bindings as JSON, as raw_bindings carries them. */
  readonly rawBindings: readonly string[];
  readonly metadata: RpcFunctionMetadataInit;
}

/**
 * One worker process for one scenario: a {@link WorkerDriver} behind its own server, the protocol monitor
 * on every message, and the steps most scenarios start with (init, index, load).
 */
export class WorkerSession {
  readonly driver: WorkerDriver;
  readonly monitor: ProtocolMonitor;
  readonly target: WorkerUnderTest;
  /** Streams the server turned away (a StartStream with the wrong id, for instance). */
  readonly refused: readonly RefusedStream[];
  #init: WorkerInitResponse | undefined;
  /** As the host keeps them: from init, then updated by each environment reload. */
  #capabilities: Readonly<Record<string, string>> | undefined;
  readonly #functions = new Map<string, IndexedKitFunction>();

  private constructor(driver: WorkerDriver, target: WorkerUnderTest, refused: RefusedStream[]) {
    this.driver = driver;
    this.target = target;
    this.refused = refused;
    this.monitor = new ProtocolMonitor(driver.sent);
    driver.stream.onMessage((message) => this.monitor.observe(message));
  }

  /** Launches the worker and waits for its StartStream. */
  static async start(target: WorkerUnderTest): Promise<WorkerSession> {
    const server = await FunctionRpcServer.listen();
    const refused: RefusedStream[] = [];
    server.onRefused((stream) => refused.push(stream));
    try {
      const driver = await WorkerDriver.start({
        launch: target.launch,
        appDir: target.appDir,
        workerDir: target.workerDir ?? target.appDir,
        argumentStyle: target.argumentStyle,
        server,
        startTimeoutMs: target.timeoutMs ?? 30_000,
        requestTimeoutMs: target.timeoutMs ?? 30_000,
      });
      return new WorkerSession(driver, target, refused);
    } catch (error) {
      await server.close(0);
      const why = refused.map((stream) => stream.details).join('; ');
      throw new ScenarioFailure(
        `the worker did not open its stream with StartStream carrying its worker id${why ? ` (${why})` : ''}: ${(error as Error).message}`,
      );
    }
  }

  /** The init response, once {@link init} ran. */
  get initResponse(): WorkerInitResponse {
    if (!this.#init) throw new Error('init() has not run');
    return this.#init;
  }

  /** The capabilities the worker advertised. */
  get capabilities(): Readonly<Record<string, string>> {
    if (!this.#capabilities) throw new Error('init() has not run');
    return this.#capabilities;
  }

  /** The HTTP request shape the worker's capabilities ask for. */
  get httpShape(): HttpCapabilities {
    return httpCapabilitiesOf(this.capabilities);
  }

  /** Sends WorkerInitRequest; a worker that does not answer Success fails the scenario. */
  async init(): Promise<WorkerInitResponse> {
    const reply = await this.driver.request(
      'workerInitRequest',
      {
        hostVersion: '4.1000.0',
        capabilities: { [Capability.MultiStream]: '10' },
        workerDirectory: this.driver.workerDir,
        functionAppDirectory: this.driver.appDir,
      },
      'workerInitResponse',
    );
    const response = reply.content.value;
    check(
      response.result?.status === StatusResult_Status.Success,
      `WorkerInitResponse is not Success: ${response.result?.exception?.message ?? 'no result'}`,
      reply,
    );
    this.#init = response;
    this.#capabilities = { ...response.capabilities };
    return response;
  }

  /**
   * FunctionEnvironmentReloadRequest with this process's environment, the worker's launch environment and
   * `extra`; the capabilities it answers are applied by its update strategy, as the host does (BEHAVIOR 4.9).
   */
  async reload(
    extra: Readonly<Record<string, string>> = {},
  ): Promise<StreamingMessageOf<'functionEnvironmentReloadResponse'>> {
    const environment: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) if (value) environment[key] = value;
    const reply = await this.driver.request(
      'functionEnvironmentReloadRequest',
      {
        environmentVariables: { ...environment, ...this.target.launch.env, ...extra },
        functionAppDirectory: this.driver.appDir,
      },
      'functionEnvironmentReloadResponse',
    );
    const { capabilities, capabilitiesUpdateStrategy } = reply.content.value;
    const replace =
      capabilitiesUpdateStrategy === FunctionEnvironmentReloadResponse_CapabilitiesUpdateStrategy.replace;
    this.#capabilities = replace ? { ...capabilities } : { ...this.#capabilities, ...capabilities };
    return reply;
  }

  /**
   * FunctionsMetadataRequest, then the app's functions as the host would take them: the worker's metadata,
   * or the function.json folders when it asks for default indexing.
   */
  async index(): Promise<Map<string, IndexedKitFunction>> {
    const reply = await this.driver.request(
      'functionsMetadataRequest',
      { functionAppDirectory: this.driver.appDir },
      'functionMetadataResponse',
    );
    const response = reply.content.value;
    check(response.result, 'FunctionMetadataResponse has no result', reply);
    // Without this, a worker that cannot index the app would make every invoking scenario not applicable.
    if (!response.useDefaultMetadataIndexing)
      check(
        response.result.status === StatusResult_Status.Success,
        `FunctionMetadataResponse is not Success: ${response.result.exception?.message ?? 'no exception'}`,
        reply,
      );
    this.#functions.clear();
    const found = response.useDefaultMetadataIndexing
      ? this.#hostIndexed()
      : response.functionMetadataResults.map((fn) => workerIndexed(fn, reply));
    for (const fn of found) this.#functions.set(fn.name.toLowerCase(), fn);
    return this.#functions;
  }

  /** One FunctionLoadRequest per function, each answered Success. */
  async load(functions: Iterable<IndexedKitFunction> = this.#functions.values()): Promise<void> {
    await Promise.all(
      [...functions].map(async (fn) => {
        const reply = await this.driver.request(
          'functionLoadRequest',
          loadRequest(fn),
          'functionLoadResponse',
          (response) => response.functionId === fn.functionId,
        );
        const { result } = reply.content.value;
        check(
          result?.status === StatusResult_Status.Success,
          `loading '${fn.name}' failed: ${result?.exception?.message ?? 'no result'}`,
          reply,
        );
      }),
    );
  }

  /** Init, index and load: a worker ready for invocations. */
  async ready(): Promise<this> {
    await this.init();
    await this.index();
    await this.load();
    return this;
  }

  /** The app's function of that name; the scenario does not apply when the app lacks it. */
  fn(name: string): IndexedKitFunction {
    const fn = this.#functions.get(name.toLowerCase());
    if (!fn) throw new NotApplicable(`the app has no function '${name}'`);
    return fn;
  }

  /** Whether the app has a function of that name. */
  hasFunction(name: string): boolean {
    return this.#functions.has(name.toLowerCase());
  }

  /** Whether the worker advertised a capability (any non-empty value, as the reference host reads it). */
  has(capability: keyof typeof Capability): boolean {
    return hasCapability(this.capabilities, Capability[capability]);
  }

  /** Makes the scenario not applicable unless the worker advertised the capability. */
  requires(capability: keyof typeof Capability): void {
    if (!this.has(capability)) throw new NotApplicable(`the worker does not advertise ${capability}`);
  }

  /** Messages the worker sent of one kind, optionally matching. */
  receivedOf(kind: StreamingMessage['content']['case']): StreamingMessage[] {
    return this.driver.received.filter((message) => message.content.case === kind);
  }

  /** Waits a moment so that anything the worker sends right after its answer is seen. */
  settle(ms = 100): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  /** Fails the scenario if the worker sent anything it should not have. */
  checkMonitor(): void {
    const [first, ...more] = this.monitor.violations;
    if (!first) return;
    throw new ScenarioFailure(
      `the worker sent ${first.reason}${more.length ? ` (and ${more.length} more violations)` : ''}`,
      this.monitor.violations.slice(0, 5).map((violation) => violation.message),
    );
  }

  /** Kills the worker if it still runs and closes the server. */
  async dispose(): Promise<void> {
    await this.driver.dispose();
    await this.driver.server.close(0);
  }

  #hostIndexed(): IndexedKitFunction[] {
    let metadata: RpcFunctionMetadataInit[];
    try {
      metadata = readFunctionJsonMetadata(this.driver.appDir, {
        extensions: this.target.extensions,
        language: this.target.language,
      });
    } catch (error) {
      throw new ScenarioFailure(
        `the worker asked for host indexing, but the app's function.json folders cannot be read: ${(error as Error).message}`,
      );
    }
    return metadata.map((fn) => ({
      name: fn.name ?? '',
      functionId: fn.functionId ?? '',
      parsedBindings: (fn.rawBindings ?? []).map((raw) => parseBinding(JSON.parse(raw))),
      rawBindings: fn.rawBindings ?? [],
      metadata: fn,
    }));
  }
}

function workerIndexed(fn: RpcFunctionMetadata, reply: StreamingMessage): IndexedKitFunction {
  const name = fn.name;
  const bindings = fn.rawBindings.map((raw) => {
    try {
      return parseBinding(JSON.parse(raw));
    } catch (error) {
      throw new ScenarioFailure(
        `function '${name}' has a raw binding that does not parse (${(error as Error).message}): ${raw}`,
        [reply],
      );
    }
  });
  return {
    name,
    functionId: fn.functionId,
    parsedBindings: bindings,
    rawBindings: fn.rawBindings,
    metadata: fn,
  };
}

/** The load request the reference host sends for a function (BEHAVIOR 4.4). */
export function loadRequest(fn: IndexedKitFunction): MessagePayloadInit<'functionLoadRequest'> {
  const { metadata } = fn;
  return {
    functionId: fn.functionId,
    metadata: rpcFunctionMetadata({
      name: fn.name,
      functionId: fn.functionId,
      directory: metadata.directory ?? '',
      scriptFile: metadata.scriptFile ?? '',
      entryPoint: metadata.entryPoint ?? '',
      language: metadata.language ?? '',
      bindings: fn.parsedBindings,
      isProxy: metadata.isProxy ?? false,
      disabled: false,
      properties: { ...metadata.properties },
    }),
  };
}

/** A fresh invocation id. */
export function newInvocationId(): string {
  return randomUUID();
}
