import { emitCoreLog } from '../logging/core-log.js';
import type {
  CoreFunctionMetadata,
  CoreInvocationContext,
  CoreInvocationRequest,
  CoreLogCategory,
  CoreLogLevel,
  InvocationState,
} from '../core-api/types.js';
import type { WorkerContext } from '../worker-context.js';
import type { ActiveInvocation } from './active-invocation.js';

/** What the worker hands the programming model for one invocation. */
export class CoreInvocationContextImpl implements CoreInvocationContext {
  state: InvocationState | undefined;
  readonly #worker: WorkerContext;
  readonly #invocation: ActiveInvocation;

  constructor(
    worker: WorkerContext,
    invocation: ActiveInvocation,
    readonly request: CoreInvocationRequest,
    readonly metadata: CoreFunctionMetadata,
  ) {
    this.#worker = worker;
    this.#invocation = invocation;
  }

  get invocationId(): string {
    return this.#invocation.invocationId;
  }

  get signal(): AbortSignal {
    return this.#invocation.signal;
  }

  log(level: CoreLogLevel, category: CoreLogCategory, message: string): void {
    emitCoreLog(this.#worker, level, category, message, this.#invocation);
  }
}
