import {
  BindingInfo_DataType,
  BindingInfo_Direction,
  type MessagePayloadInit,
} from '@functions-rpc/protocol';
import type { FunctionInfo } from './function-info.js';

type LoadRequestInit = MessagePayloadInit<'functionLoadRequest'>;
type BindingInit = NonNullable<NonNullable<LoadRequestInit['metadata']>['bindings']>[string];

/**
 * The FunctionLoadRequest of one function, shaped as the reference host sends it (BEHAVIOR 4.4): absolute
 * directory and script, bindings with type/direction/data type only, properties including FunctionId and
 * IsDisabled.
 */
export function loadRequest(fn: FunctionInfo): LoadRequestInit {
  const bindings: Record<string, BindingInit> = {};
  for (const binding of fn.bindings) {
    bindings[binding.name] = {
      type: binding.type,
      direction: BindingInfo_Direction[binding.direction],
      dataType: binding.dataType ? BindingInfo_DataType[binding.dataType] : BindingInfo_DataType.undefined,
    };
  }
  return {
    functionId: fn.functionId,
    metadata: {
      name: fn.name,
      functionId: fn.functionId,
      directory: fn.directory,
      scriptFile: fn.scriptFile,
      entryPoint: fn.entryPoint,
      language: fn.language,
      isProxy: fn.isProxy,
      bindings,
      properties: { ...fn.properties, FunctionId: fn.functionId, IsDisabled: String(fn.disabled) },
      ...(fn.retryOptions ? { retryOptions: fn.retryOptions } : {}),
    },
    managedDependencyEnabled: false,
  };
}

/** Disabled functions are still loaded (they can be run from the admin API), after the others. */
export function loadOrder(functions: readonly FunctionInfo[]): FunctionInfo[] {
  return [...functions].sort((a, b) => Number(a.disabled) - Number(b.disabled));
}
