import type {
  MessageKind,
  MessagePayloadInit,
  MessageStream,
  StreamingMessage,
} from '@functions-rpc/protocol';
import { RpcLog_Level } from '@functions-rpc/protocol';
import { AppState } from './app/app-state.js';
import type { WorkerArguments } from './arguments.js';
import type { ProgrammingModel } from './core-api/types.js';
import { ControlQueue } from './control-queue.js';
import { WorkerSystemError } from './errors.js';
import { InvocationRegistry } from './invocation/invocation-registry.js';
import { RpcLogger } from './logging/rpc-logger.js';

/**
 * The worker's state shared by every handler: its stream to the host, the loaded app, the invocations
 * in flight and the logger.
 */
export class WorkerContext {
  readonly logger: RpcLogger;
  readonly invocations = new InvocationRegistry();
  readonly control = new ControlQueue();
  app: AppState;
  /** Set by WorkerInitRequest. */
  hostVersion: string | undefined;
  /** Set once WorkerTerminate arrived: new work is refused. */
  terminating = false;
  /** The last model an app set, reused when a reloaded app registers functions without setting one. */
  lastSetModel: ProgrammingModel | undefined;
  /** How many times the app was loaded again by an environment reload. */
  appGeneration = 0;

  constructor(
    readonly args: WorkerArguments,
    readonly stream: MessageStream,
    readonly defaultModel: ProgrammingModel,
  ) {
    this.logger = new RpcLogger((log) => stream.send('rpcLog', log));
    this.app = new AppState(defaultModel);
  }

  /** Sends the response to `request`, echoing its request_id as every worker does. */
  reply<K extends MessageKind>(request: StreamingMessage, kind: K, payload: MessagePayloadInit<K>): void {
    this.stream.send(kind, payload, request.requestId);
  }

  /** Replaces the loaded app with an empty one (environment reload). */
  resetApp(): void {
    this.app = new AppState(this.defaultModel);
  }

  /** `setProgrammingModel` of the core API: last one wins. */
  setProgrammingModel(model: ProgrammingModel): void {
    if (this.app.programmingModel !== this.defaultModel && this.app.programmingModel !== model) {
      this.logger.system(
        RpcLog_Level.Information,
        `Setting Node.js programming model to "${model.name}" version "${model.version}"`,
      );
    }
    this.app.programmingModel = model;
    this.lastSetModel = model;
  }

  /** `hostVersion` of the core API. */
  requireHostVersion(): string {
    if (this.hostVersion === undefined)
      throw new WorkerSystemError('Cannot access hostVersion before worker init');
    return this.hostVersion;
  }
}
