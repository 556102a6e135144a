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

/** One capability name. */
export type CapabilityName = (typeof Capability)[keyof typeof Capability];

/**
 * Whether a peer advertised a capability. As in the reference host any non-empty value turns it on (even
 * "false"); the few capabilities with typed values (HttpUri, the telemetry flags) are read where used.
 */
export function hasCapability(capabilities: Readonly<Record<string, string>>, name: CapabilityName): boolean {
  return (capabilities[name] ?? '') !== '';
}
