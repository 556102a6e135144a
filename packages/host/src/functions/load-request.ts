import { rpcFunctionMetadata, type MessagePayloadInit } from '@functions-rpc/protocol';
import type { FunctionInfo } from './function-info.js';

/** The FunctionLoadRequest of one function, shaped as the reference host sends it (BEHAVIOR 4.4). */
export function loadRequest(fn: FunctionInfo): MessagePayloadInit<'functionLoadRequest'> {
  return { functionId: fn.functionId, metadata: rpcFunctionMetadata(fn), managedDependencyEnabled: false };
}

/** Disabled functions are still loaded (they can be run from the admin API), after the others. */
export function loadOrder(functions: readonly FunctionInfo[]): FunctionInfo[] {
  return [...functions].sort((a, b) => Number(a.disabled) - Number(b.disabled));
}
