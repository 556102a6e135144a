import type { FunctionBinding, IndexedFunction } from '@functions-rpc/protocol';

/**
 * One indexed and validated function, as the host keeps it for loading, routing and invoking. Its
 * `functionId` is the same on every worker: the first worker's id, or one the host chose when indexing
 * function.json.
 */
export interface FunctionInfo extends IndexedFunction {
  /** The input binding whose type ends in `trigger`. */
  readonly trigger: FunctionBinding;
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
