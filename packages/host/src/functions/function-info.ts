import type { RpcRetryOptions } from '@functions-rpc/protocol';

/** One binding of a function, parsed from its JSON (raw_bindings or function.json). */
export interface FunctionBinding {
  readonly name: string;
  readonly type: string;
  readonly direction: 'in' | 'out' | 'inout';
  readonly dataType?: 'string' | 'binary' | 'stream';
  /** Every key of the binding's JSON, for extension-specific settings (route, methods, schedule…). */
  readonly settings: Readonly<Record<string, unknown>>;
}

/** One indexed and validated function, as the host keeps it for loading, routing and invoking. */
export interface FunctionInfo {
  readonly name: string;
  /** The same on every worker: the first worker's id, or one the host chose when indexing function.json. */
  readonly functionId: string;
  readonly directory: string;
  readonly scriptFile: string;
  readonly entryPoint: string;
  readonly language: string;
  readonly bindings: readonly FunctionBinding[];
  /** The input binding whose type ends in `trigger`. */
  readonly trigger: FunctionBinding;
  readonly isProxy: boolean;
  readonly disabled: boolean;
  /** Worker-supplied properties, round-tripped in load requests. */
  readonly properties: Readonly<Record<string, string>>;
  readonly retryOptions?: RpcRetryOptions;
  /** This function's own timeout (our `functionTimeout` extension), overriding host.json's; undefined = unbounded. */
  readonly timeoutMs?: number | undefined;
  /** Where the function came from. */
  readonly indexedBy: 'worker' | 'host';
}

/** Whether a trigger type is HTTP (case-insensitive, as the reference host compares). */
export function isHttpTrigger(fn: FunctionInfo): boolean {
  return fn.trigger.type.toLowerCase() === 'httptrigger';
}

/** Whether a trigger type is timer. */
export function isTimerTrigger(fn: FunctionInfo): boolean {
  return fn.trigger.type.toLowerCase() === 'timertrigger';
}
