import { randomUUID } from 'node:crypto';
import {
  formatTimeSpan,
  type InvocationResponse,
  type MessagePayloadInit,
  type TypedData,
} from '@functions-rpc/protocol';
import type { FunctionInfo } from '../functions/function-info.js';
import type { HttpInvocationSlot } from '../http/index.js';
import type { HostLogger } from '../log/host-logger.js';
import type { ChannelIo } from './channel-io.js';
import { DeadlineQueue } from './deadline-queue.js';
import { logInvocationEnd, logInvocationStart, type InvocationLogInfo } from './channel-logging.js';
import {
  failedOutcome,
  outcomeOfResponse,
  type FailureReason,
  type InvocationOutcome,
} from './invocation-outcome.js';
import { newTraceParent, type InvocationTrace } from './trace-context.js';

/** What the table needs of its channel. */
export interface InvocationTableOptions {
  readonly logger: HostLogger;
  readonly workerId: string;
  readonly send: ChannelIo['send'];
  /** Whether the worker handles InvocationCancel. */
  readonly canCancel: () => boolean;
  /** After a timeout on a worker that cannot cancel, how long the invocation may still finish before the worker is restarted. */
  readonly cancelGraceMs: number;
  /** Why invocations cannot be sent now; undefined when they can. */
  readonly unavailable: () => string | undefined;
  /** The load error of a function on this worker, if its load failed. */
  readonly loadError: (functionId: string) => string | undefined;
  /** An invocation timed out on a worker that cannot cancel it: the worker has to go. */
  readonly onUncancellableTimeout: (message: string) => void;
}

type InputData = MessagePayloadInit<'invocationRequest'>['inputData'];
type RetryContext = MessagePayloadInit<'invocationRequest'>['retryContext'];

interface Entry extends InvocationLogInfo {
  readonly fn: FunctionInfo;
  readonly outcome: Promise<InvocationOutcome>;
  settle(outcome: InvocationOutcome): void;
  sentAt?: number;
  /** The functionTimeout it was sent with; undefined = unbounded. */
  timeoutMs?: number;
}

/**
 * The invocations reserved or running on one worker. Each settles exactly once — by its response, its
 * timeout, a cancel, or {@link failAll} when the worker is lost — and leaves the table when it does, so a
 * late response (a function that answers after its timeout) is ignored.
 */
export class InvocationTable {
  readonly #options: InvocationTableOptions;
  readonly #entries = new Map<string, Entry>();
  /** functionTimeout of the invocations sent: one timer for all, not one per invocation. */
  readonly #deadlines = new DeadlineQueue<Entry>((entry, timeoutMs) => this.#onTimeout(entry, timeoutMs));
  /** Timed-out invocations of a worker that cannot cancel, each with the grace period it has left to finish. */
  readonly #overdue = new Map<string, NodeJS.Timeout>();

  constructor(options: InvocationTableOptions) {
    this.#options = options;
  }

  /** Invocations reserved or running. */
  get size(): number {
    return this.#entries.size;
  }

  /** The function of a running invocation (for its logs). */
  functionNameOf(invocationId: string): string | undefined {
    return this.#entries.get(invocationId)?.fn.name;
  }

  /**
   * Reserves an invocation (it counts from now on); the slot's `invoke` sends it.
   *
   * @param timeoutMs undefined = unbounded.
   */
  reserve(
    fn: FunctionInfo,
    timeoutMs: number | undefined,
    reason: string,
    capabilities: Readonly<Record<string, string>>,
  ): HttpInvocationSlot {
    const entry = this.#newEntry(fn);
    return {
      invocationId: entry.invocationId,
      capabilities,
      invoke: (inputData, triggerMetadata, retryContext, trace) => {
        this.#send(entry, { inputData, triggerMetadata, retryContext, trace }, timeoutMs, reason);
        return entry.outcome;
      },
      cancel: (why) => this.#cancel(entry, why),
    };
  }

  /** Settles the invocation a response is for; unknown or finished ids are ignored. */
  onResponse(response: InvocationResponse): void {
    const overdue = this.#overdue.get(response.invocationId);
    if (overdue) {
      clearTimeout(overdue);
      this.#overdue.delete(response.invocationId);
    }
    this.#entries.get(response.invocationId)?.settle(outcomeOfResponse(response));
  }

  /** Fails every invocation at once (the worker is gone or the host stops). */
  failAll(reason: FailureReason, message: string): void {
    for (const entry of [...this.#entries.values()]) entry.settle(failedOutcome(reason, message));
    this.#deadlines.clear();
    for (const timer of this.#overdue.values()) clearTimeout(timer);
    this.#overdue.clear();
  }

  /** Waits until no invocation is left or `ms` passed. */
  async drain(ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (this.#entries.size > 0 && Date.now() < deadline) {
      const running: Promise<unknown>[] = [...this.#entries.values()].map((entry) => entry.outcome);
      await Promise.race([...running, delay(deadline - Date.now())]);
    }
  }

  #newEntry(fn: FunctionInfo): Entry {
    const invocationId = randomUUID();
    let resolve!: (outcome: InvocationOutcome) => void;
    const entry: Entry = {
      fn,
      functionName: fn.name,
      invocationId,
      workerId: this.#options.workerId,
      outcome: new Promise((r) => (resolve = r)),
      settle: (outcome) => {
        if (!this.#entries.delete(invocationId)) return;
        if (entry.timeoutMs !== undefined) this.#deadlines.delete(entry, entry.timeoutMs);
        // An invocation cancelled before it was sent never ran (its request body could not be read, say).
        const { sentAt } = entry;
        if (sentAt !== undefined || (!outcome.ok && outcome.reason !== 'cancelled')) {
          const took = sentAt === undefined ? 0 : performance.now() - sentAt;
          logInvocationEnd(this.#options.logger, entry, outcome, took);
        }
        resolve(outcome);
      },
    };
    this.#entries.set(invocationId, entry);
    return entry;
  }

  #send(
    entry: Entry,
    request: {
      readonly inputData: InputData;
      readonly triggerMetadata: Record<string, TypedData>;
      readonly retryContext: RetryContext;
      readonly trace: InvocationTrace | undefined;
    },
    timeoutMs: number | undefined,
    reason: string,
  ): void {
    if (!this.#entries.has(entry.invocationId) || entry.sentAt !== undefined) return;
    const loadError = this.#options.loadError(entry.fn.functionId);
    if (loadError) return entry.settle(failedOutcome('failure', loadError));
    const unavailable = this.#options.unavailable();
    if (unavailable) return entry.settle(failedOutcome('worker-lost', unavailable));
    entry.sentAt = performance.now();
    logInvocationStart(this.#options.logger, entry, reason);
    if (timeoutMs !== undefined) {
      entry.timeoutMs = timeoutMs;
      this.#deadlines.add(entry, timeoutMs);
    }
    this.#options.send('invocationRequest', {
      invocationId: entry.invocationId,
      functionId: entry.fn.functionId,
      inputData: request.inputData,
      triggerMetadata: request.triggerMetadata,
      traceContext: {
        traceParent: request.trace?.traceParent ?? newTraceParent(),
        traceState: request.trace?.traceState ?? '',
        attributes: {},
      },
      ...(request.retryContext ? { retryContext: request.retryContext } : {}),
    });
  }

  /**
   * functionTimeout reached: as the reference host does, the timeout is logged and the invocation fails
   * now (an HTTP request is answered now); the worker is asked to cancel it, and whatever it answers later
   * is dropped. A worker that cannot cancel is restarted if the invocation has not finished within the
   * grace period, as the reference host restarts it; one that can is kept, with its other invocations.
   */
  #onTimeout(entry: Entry, timeoutMs: number): void {
    const { invocationId, fn } = entry;
    const timeout = formatTimeSpan(timeoutMs);
    this.#options.logger.log(
      'Error',
      `Function.${fn.name}`,
      `Timeout value of ${timeout} exceeded by function 'Functions.${fn.name}' (Id: '${invocationId}'). Initiating cancellation.`,
      { functionName: fn.name, invocationId, workerId: this.#options.workerId },
    );
    entry.settle(
      failedOutcome('timeout', `Timeout value of ${timeout} was exceeded by function: Functions.${fn.name}`),
    );
    if (this.#options.canCancel()) {
      this.#options.send('invocationCancel', { invocationId });
      return;
    }
    const restart = (): void => {
      this.#overdue.delete(invocationId);
      this.#options.onUncancellableTimeout(
        `A function timeout has occurred. Restarting worker process executing invocationId '${invocationId}'. (The worker cannot cancel an invocation.)`,
      );
    };
    this.#overdue.set(invocationId, setTimeout(restart, this.#options.cancelGraceMs));
  }

  #cancel(entry: Entry, why: string): void {
    if (!this.#entries.has(entry.invocationId)) return;
    if (entry.sentAt !== undefined && this.#options.canCancel()) {
      this.#options.send('invocationCancel', { invocationId: entry.invocationId });
    }
    entry.settle(failedOutcome('cancelled', why));
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)).unref());
}
