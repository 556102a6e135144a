import type { InvocationTrace } from '../channel/trace-context.js';
import type {
  InvocationResponse,
  MessagePayloadInit,
  RpcException,
  TypedData,
} from '@functions-rpc/protocol';

/** What the front end needs to know of one HTTP-triggered function. */
export interface HttpFunctionDescriptor {
  readonly name: string;
  readonly functionId: string;
  /** The trigger's `route`; absent => the function name. */
  readonly route?: string;
  /** Upper-case methods; absent or empty => any method. */
  readonly methods?: readonly string[];
  readonly authLevel: 'anonymous' | 'function' | 'admin';
  /** Name of the httpTrigger binding (the input_data entry carrying the RpcHttp). */
  readonly triggerBindingName: string;
  /** Name of the `http` output binding: '$return' (return_value) or another name (output_data); absent => none. */
  readonly httpOutputBindingName?: string;
  readonly disabled?: boolean;
}

/** The result of one invocation, whatever happened; the front end turns it into exactly one HTTP answer. */
export type HttpInvocationOutcome =
  | { readonly ok: true; readonly response: InvocationResponse }
  | {
      readonly ok: false;
      /** 'failure': the function failed; 'cancelled'; 'timeout': functionTimeout hit; 'worker-lost': the worker died. */
      readonly reason: 'failure' | 'cancelled' | 'timeout' | 'worker-lost' | 'unavailable';
      readonly message: string;
      /** An id the host also logs, so a 500 can be matched with its log line. */
      readonly errorId: string;
      /** The exception the worker reported, for a failure it answered. */
      readonly exception?: RpcException;
    };

/** One invocation reserved on one worker. */
export interface HttpInvocationSlot {
  readonly invocationId: string;
  /** The chosen worker's capabilities (decide the RpcHttp shape; `HttpUri` => proxy mode). */
  readonly capabilities: Readonly<Record<string, string>>;
  /**
   * Sends the InvocationRequest, with a retry context when a retry policy applies and the trace it continues
   * (an HTTP caller's traceparent; else a new trace); resolves exactly once with the outcome (never rejects).
   */
  invoke(
    inputData: MessagePayloadInit<'invocationRequest'>['inputData'],
    triggerMetadata: Record<string, TypedData>,
    retryContext?: MessagePayloadInit<'invocationRequest'>['retryContext'],
    trace?: InvocationTrace,
  ): Promise<HttpInvocationOutcome>;
  /** The HTTP client went away or the proxy failed: ask the worker to cancel (if it can) and fail the invocation. */
  cancel(reason: string): void;
}

/** Implemented by the host core. */
export interface HttpDispatcher {
  /** Picks a worker (least in-flight) for the function and reserves an invocation on it. Rejects if none can run it. */
  begin(fn: HttpFunctionDescriptor): Promise<HttpInvocationSlot>;
}
