import type { MessagePayloadInit, TypedData } from '@functions-rpc/protocol';
import { failedOutcome, type InvocationOutcome } from '../channel/invocation-outcome.js';
import type { FunctionInfo } from '../functions/function-info.js';
import type { FunctionRegistry } from '../functions/function-registry.js';
import type { HttpDispatcher, HttpFunctionDescriptor, HttpInvocationSlot } from '../http/index.js';
import type { HostLogger } from '../log/host-logger.js';
import { LeastInFlight } from './least-in-flight.js';
import type { WorkerPool } from './worker-pool.js';

/** Options of {@link Dispatcher}. */
export interface DispatcherOptions {
  readonly pool: WorkerPool;
  readonly registry: () => FunctionRegistry;
  readonly logger: HostLogger;
  /** host.json functionTimeout; undefined = unbounded. */
  readonly functionTimeoutMs: number | undefined;
  /** How long an invocation waits for a worker while they restart. */
  readonly waitForWorkerMs: number;
}

/** The `Reason` of invocations started through HTTP or the admin API, worded as the reference host's logs. */
export const HOST_API_REASON = 'This function was programmatically called via the host APIs.';

/** Sends invocations to the worker with the fewest in flight; the HTTP front end's {@link HttpDispatcher}. */
export class Dispatcher implements HttpDispatcher {
  readonly #options: DispatcherOptions;
  readonly #selector = new LeastInFlight();

  constructor(options: DispatcherOptions) {
    this.#options = options;
  }

  /** Reserves an HTTP invocation on a worker. */
  async begin(descriptor: HttpFunctionDescriptor): Promise<HttpInvocationSlot> {
    const fn = this.#options.registry().byId(descriptor.functionId);
    if (!fn) throw new Error(`Unknown function '${descriptor.name}'.`);
    return this.reserve(fn, HOST_API_REASON);
  }

  /**
   * Reserves an invocation of `fn` on the least busy ready worker.
   *
   * @throws Error when no worker becomes ready in time.
   */
  async reserve(fn: FunctionInfo, reason: string): Promise<HttpInvocationSlot> {
    const { pool } = this.#options;
    if (!pool.accepting) throw new Error('The host is shutting down.');
    const readyNow = pool.ready();
    // Waiting (a promise and a timer) only while no worker is ready; the usual case needs neither.
    const ready = readyNow.length > 0 ? readyNow : await pool.whenReady(this.#options.waitForWorkerMs);
    const channel = this.#selector.pick(ready);
    if (!channel)
      throw new Error(
        `No ${pool.state === 'exhausted' ? 'worker is left' : 'worker is ready'} to run '${fn.name}'.`,
      );
    const timeoutMs = 'timeoutMs' in fn ? fn.timeoutMs : this.#options.functionTimeoutMs;
    return channel.reserve(fn, timeoutMs, reason);
  }

  /** Runs a function with the given inputs; never rejects. */
  async invoke(
    fn: FunctionInfo,
    inputData: MessagePayloadInit<'invocationRequest'>['inputData'],
    triggerMetadata: Record<string, TypedData>,
    reason: string,
  ): Promise<InvocationOutcome> {
    let slot: HttpInvocationSlot;
    try {
      slot = await this.reserve(fn, reason);
    } catch (error) {
      const outcome = failedOutcome('unavailable', (error as Error).message);
      this.#options.logger.log(
        'Error',
        `Function.${fn.name}`,
        `${outcome.message} [error id ${outcome.errorId}]`,
        {
          functionName: fn.name,
          errorId: outcome.errorId,
        },
      );
      return outcome;
    }
    return slot.invoke(inputData, triggerMetadata);
  }
}
