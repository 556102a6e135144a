/**
 * Every capability name of the protocol, spelled once (BEHAVIOR 5). Host and worker each decide which
 * they advertise and which they read; the strings themselves live only here.
 */
export const Capability = {
  // Host to worker.
  MultiStream: 'MultiStream',
  V2Compatable: 'V2Compatable',
  FunctionDataCache: 'FunctionDataCache',
  // Worker to host: the shape of HTTP requests.
  RpcHttpBodyOnly: 'RpcHttpBodyOnly',
  RawHttpBodyBytes: 'RawHttpBodyBytes',
  RpcHttpTriggerMetadataRemoved: 'RpcHttpTriggerMetadataRemoved',
  IgnoreEmptyValuedRpcHttpHeaders: 'IgnoreEmptyValuedRpcHttpHeaders',
  UseNullableValueDictionaryForHttp: 'UseNullableValueDictionaryForHttp',
  HttpUri: 'HttpUri',
  RequiresRouteParameters: 'RequiresRouteParameters',
  // Worker to host: data and messages the worker handles.
  TypedDataCollection: 'TypedDataCollection',
  IncludeEmptyEntriesInMessagePayload: 'IncludeEmptyEntriesInMessagePayload',
  WorkerStatus: 'WorkerStatus',
  HandlesWorkerTerminateMessage: 'HandlesWorkerTerminateMessage',
  HandlesInvocationCancelMessage: 'HandlesInvocationCancelMessage',
  HandlesWorkerWarmupMessage: 'HandlesWorkerWarmupMessage',
  SupportsLoadResponseCollection: 'SupportsLoadResponseCollection',
  SharedMemoryDataTransfer: 'SharedMemoryDataTransfer',
  EnableUserCodeException: 'EnableUserCodeException',
  WorkerApplicationInsightsLoggingEnabled: 'WorkerApplicationInsightsLoggingEnabled',
  WorkerOpenTelemetryEnabled: 'WorkerOpenTelemetryEnabled',
} as const;

/**
 * What every Node.js worker advertises, Microsoft's included (BEHAVIOR 5): the `@azure/functions` library's
 * HTTP handling depends on the shape these ask for.
 */
export const NODE_WORKER_CAPABILITIES = [
  Capability.RawHttpBodyBytes,
  Capability.RpcHttpTriggerMetadataRemoved,
  Capability.RpcHttpBodyOnly,
  Capability.IgnoreEmptyValuedRpcHttpHeaders,
  Capability.UseNullableValueDictionaryForHttp,
  Capability.WorkerStatus,
  Capability.TypedDataCollection,
  Capability.HandlesWorkerTerminateMessage,
] as const;

/** Capability names as the map a WorkerInitResponse carries, each `"true"`. */
export function capabilityMap(names: readonly CapabilityName[]): Record<string, string> {
  return Object.fromEntries(names.map((name) => [name, 'true']));
}

/** One capability name. */
export type CapabilityName = (typeof Capability)[keyof typeof Capability];

/**
 * Whether a peer advertised a capability. As in the reference host any non-empty value turns it on (even
 * "false"); the few capabilities with typed values (HttpUri, the telemetry flags) are read where used.
 */
export function hasCapability(capabilities: Readonly<Record<string, string>>, name: CapabilityName): boolean {
  return (capabilities[name] ?? '') !== '';
}
