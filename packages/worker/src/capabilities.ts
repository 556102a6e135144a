import { Capability } from '@functions-rpc/protocol';

/**
 * The capabilities this worker advertises (names from the protocol package, the one place they are
 * spelled). This is the one module that says which the worker claims: every handler that depends on
 * one of them implements what it promises.
 */
const WORKER_CAPABILITIES = [
  // The set every Node.js worker advertises; the v4 library's HTTP handling depends on these.
  Capability.RawHttpBodyBytes,
  Capability.RpcHttpTriggerMetadataRemoved,
  Capability.RpcHttpBodyOnly,
  Capability.IgnoreEmptyValuedRpcHttpHeaders,
  Capability.UseNullableValueDictionaryForHttp,
  Capability.WorkerStatus,
  Capability.TypedDataCollection,
  Capability.HandlesWorkerTerminateMessage,
  // What this worker implements beyond that set.
  Capability.HandlesInvocationCancelMessage,
  Capability.HandlesWorkerWarmupMessage,
  Capability.SupportsLoadResponseCollection,
  Capability.EnableUserCodeException,
] as const;

/**
 * What the worker answers before the programming model adds its own (a fresh object each time, since
 * the model's `getCapabilities` may change it). Every value is `"true"`.
 */
export function defaultCapabilities(): Record<string, string> {
  const capabilities: Record<string, string> = {};
  for (const name of WORKER_CAPABILITIES) capabilities[name] = 'true';
  return capabilities;
}
