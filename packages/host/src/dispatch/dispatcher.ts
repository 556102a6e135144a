import { setTimeout as sleep } from 'node:timers/promises';
import {
  allowsRetry,
  retryDelayMs,
  type MessagePayloadInit,
  type RpcRetryOptions,
  type TypedData,
} from '@functions-rpc/protocol';
import { failedOutcome, type InvocationOutcome } from '../channel/invocation-outcome.js';
import { isHttpTrigger, type FunctionInfo } from '../functions/function-info.js';
import type { HttpInvocationSlot } from '../http/index.js';
import type { InputPlan } from '../bindings/input-bindings.js';
import type { OutputPlan } from '../bindings/output-bindings.js';
import type { HostLogger } from '../log/host-logger.js';
import { LeastInFlight } from './least-in-flight.js';
import type { WorkerPool } from './worker-pool.js';

/** Options of {@link Dispatcher}. */
export interface DispatcherOptions {
  readonly pool: WorkerPool;
  readonly logger: HostLogger;
  /** host.json functionTimeout; undefined = unbounded. */
  readonly functionTimeoutMs: number | undefined;
  /** How long an invocation waits for a worker while they restart. */
  readonly waitForWorkerMs: number;
  /** host.json `retry`: the policy of non-HTTP functions that have none of their own. */
  readonly retry?: RpcRetryOptions | undefined;
  /** The outputs the host writes for a function (queues …), if any. */
  readonly outputs?: (fn: FunctionInfo) => OutputPlan | undefined;
  /** The inputs the host reads for a function (blobs …), if any. */
  readonly inputs?: (fn: FunctionInfo) => InputPlan | undefined;
}

type InputData = MessagePayloadInit<'invocationRequest'>['inputData'];

/** Failures worth another attempt: not a cancellation, and not a host that has no worker or is stopping. */
const RETRIED = new Set<string>(['failure', 'timeout', 'worker-lost']);

/** The `Reason` of invocations started through HTTP or the admin API, worded as the reference host's logs. */
export const HOST_API_REASON = 'This function was programmatically called via the host APIs.';

/** Sends the invocations of one run of the app to the worker with the fewest in flight. */
export class Dispatcher {
  readonly #options: DispatcherOptions;
  readonly #selector = new LeastInFlight();
  /** Ends the waits between retries when the host stops. */
  readonly #stopping = new AbortController();

  constructor(options: DispatcherOptions) {
    this.#options = options;
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
    const slot = channel.reserve(fn, timeoutMs, reason);
    const outputs = this.#options.outputs?.(fn);
    const inputs = this.#options.inputs?.(fn);
    const written = outputs ? withOutputs(slot, outputs, fn, this.#options.logger) : slot;
    return inputs ? withInputs(written, inputs, fn, this.#options.logger) : written;
  }

  /**
   * Runs a function with the given inputs; never rejects. A non-HTTP function with a retry policy (its own,
   * else host.json's) runs again after a failure, as the policy allows, with a retry context; the last
   * outcome is returned.
   */
  async invoke(
    fn: FunctionInfo,
    inputData: InputData,
    triggerMetadata: Record<string, TypedData>,
    reason: string,
  ): Promise<InvocationOutcome> {
    const policy = isHttpTrigger(fn) ? undefined : (fn.retryOptions ?? this.#options.retry);
    if (!policy) return this.#invokeOnce(fn, inputData, triggerMetadata, reason);
    const { maxRetryCount } = policy;
    let outcome = await this.#invokeOnce(fn, inputData, triggerMetadata, reason, {
      retryCount: 0,
      maxRetryCount,
    });
    for (let retryCount = 1; !outcome.ok && RETRIED.has(outcome.reason); retryCount++) {
      if (!allowsRetry(policy, retryCount)) break;
      const delayMs = retryDelayMs(policy, retryCount);
      this.#options.logger.log(
        'Information',
        `Function.${fn.name}`,
        `Waiting ${delayMs} ms before retrying function 'Functions.${fn.name}'. Next attempt: ${retryCount}. Max retry count: ${maxRetryCount}.`,
        { functionName: fn.name },
      );
      if (!(await this.#pause(delayMs))) break;
      const exception = outcome.exception ?? { message: outcome.message };
      outcome = await this.#invokeOnce(fn, inputData, triggerMetadata, reason, {
        retryCount,
        maxRetryCount,
        exception,
      });
    }
    return outcome;
  }

  /** Ends the waits between retries: each returns its last outcome. */
  stop(): void {
    this.#stopping.abort();
  }

  async #invokeOnce(
    fn: FunctionInfo,
    inputData: InputData,
    triggerMetadata: Record<string, TypedData>,
    reason: string,
    retryContext?: MessagePayloadInit<'invocationRequest'>['retryContext'],
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
    return slot.invoke(inputData, triggerMetadata, retryContext);
  }

  /** Waits `ms`; false when the host stops meanwhile. */
  async #pause(ms: number): Promise<boolean> {
    if (this.#stopping.signal.aborted) return false;
    try {
      await sleep(ms, undefined, { signal: this.#stopping.signal });
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * A slot whose invocation succeeds only once its outputs are written: an HTTP response goes out, a queue
 * message is deleted, only after that; a failed write fails the invocation, a failed invocation writes none.
 */
function withOutputs(
  slot: HttpInvocationSlot,
  plan: OutputPlan,
  fn: FunctionInfo,
  logger: HostLogger,
): HttpInvocationSlot {
  return {
    ...slot,
    invoke: async (inputData, triggerMetadata, retryContext, trace) => {
      const outcome = await slot.invoke(inputData, triggerMetadata, retryContext, trace);
      if (!outcome.ok) return outcome;
      try {
        await plan.write(outcome.response, triggerMetadata);
        return outcome;
      } catch (error) {
        return bindingFailure(slot, fn, logger, error);
      }
    },
  };
}

/**
 * A slot whose invocation carries the inputs the host reads (blobs …) beside the trigger's; when one cannot
 * be read the invocation fails without being sent, as the reference host fails its binding.
 */
function withInputs(
  slot: HttpInvocationSlot,
  plan: InputPlan,
  fn: FunctionInfo,
  logger: HostLogger,
): HttpInvocationSlot {
  return {
    ...slot,
    invoke: async (inputData, triggerMetadata, retryContext, trace) => {
      let inputs: InputData;
      try {
        inputs = await plan.read(triggerMetadata);
      } catch (error) {
        slot.cancel((error as Error).message);
        return bindingFailure(slot, fn, logger, error);
      }
      return slot.invoke([...(inputData ?? []), ...(inputs ?? [])], triggerMetadata, retryContext, trace);
    },
  };
}

/** The failed outcome of an invocation whose bindings failed, logged with an error id. */
function bindingFailure(
  slot: HttpInvocationSlot,
  fn: FunctionInfo,
  logger: HostLogger,
  error: unknown,
): InvocationOutcome {
  const failed = failedOutcome('failure', (error as Error).message);
  logger.log(
    'Error',
    `Function.${fn.name}`,
    `Invocation ${slot.invocationId} of '${fn.name}' failed: ${failed.message} [error id ${failed.errorId}]`,
    {
      functionName: fn.name,
      invocationId: slot.invocationId,
      errorId: failed.errorId,
    },
  );
  return failed;
}
