import { Capability, capabilityMap, NODE_WORKER_CAPABILITIES } from '@functions-rpc/protocol';

/**
 * The capabilities this worker advertises (names from the protocol package, the one place they are
 * spelled). This is the one module that says which the worker claims: every handler that depends on
 * one of them implements what it promises.
 */
const WORKER_CAPABILITIES = [
  ...NODE_WORKER_CAPABILITIES,
  // What this worker implements beyond the set every Node.js worker advertises.
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
  return capabilityMap(WORKER_CAPABILITIES);
}
