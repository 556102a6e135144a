import type { MessageInitShape } from '@bufbuild/protobuf';
import {
  BindingInfo_DataType,
  BindingInfo_Direction,
  type BindingInfoSchema,
  type RpcFunctionMetadataSchema,
  type RpcRetryOptions,
} from '../gen/FunctionRpc_pb.js';
import type { FunctionBinding } from './function-binding.js';

/** RpcFunctionMetadata as `create()` accepts it. */
export type RpcFunctionMetadataInit = MessageInitShape<typeof RpcFunctionMetadataSchema>;

/** What a host knows of an indexed function, from which it builds the metadata of its load request. */
export interface IndexedFunction {
  readonly name: string;
  readonly functionId: string;
  readonly directory: string;
  readonly scriptFile: string;
  readonly entryPoint: string;
  readonly language: string;
  readonly bindings: readonly FunctionBinding[];
  readonly isProxy: boolean;
  readonly disabled: boolean;
  /** Worker-supplied or function.json properties, round-tripped in load requests. */
  readonly properties: Readonly<Record<string, string>>;
  readonly retryOptions?: RpcRetryOptions | undefined;
}

/**
 * The metadata of a FunctionLoadRequest, shaped as the reference host sends it (BEHAVIOR 4.4): absolute
 * directory and script, bindings with type/direction/data type only, properties including FunctionId and
 * IsDisabled.
 */
export function rpcFunctionMetadata(fn: IndexedFunction): RpcFunctionMetadataInit {
  return {
    name: fn.name,
    functionId: fn.functionId,
    directory: fn.directory,
    scriptFile: fn.scriptFile,
    entryPoint: fn.entryPoint,
    language: fn.language,
    isProxy: fn.isProxy,
    bindings: rpcBindings(fn.bindings),
    properties: { ...fn.properties, FunctionId: fn.functionId, IsDisabled: String(fn.disabled) },
    ...(fn.retryOptions ? { retryOptions: fn.retryOptions } : {}),
  };
}

/** Bindings keyed by name, with their direction and data type as the protocol's enums. */
export function rpcBindings(
  bindings: readonly FunctionBinding[],
): Record<string, MessageInitShape<typeof BindingInfoSchema>> {
  const result: Record<string, MessageInitShape<typeof BindingInfoSchema>> = {};
  for (const binding of bindings) {
    result[binding.name] = {
      type: binding.type,
      direction: BindingInfo_Direction[binding.direction],
      dataType: binding.dataType ? BindingInfo_DataType[binding.dataType] : BindingInfo_DataType.undefined,
    };
  }
  return result;
}
