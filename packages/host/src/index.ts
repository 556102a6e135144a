/**
 * A lightweight Azure Functions host: `startHost` runs a function app (the `fnrpc start` CLI is built on it).
 */
export {
  startHost,
  HOST_VERSION,
  type FileWatching,
  type HostFunction,
  type QueueMessageSent,
  type RunningHost,
  type StartHostOptions,
} from './host.js';
export type { HostStatus } from './admin/host-status.js';
export type { WorkerView, FunctionView } from './admin/admin-views.js';
export type { InvocationOutcome } from './channel/invocation-outcome.js';
export { ConfigError } from './config/config-error.js';
export type { LogRecord } from './log/log-record.js';
export type { LogLevel } from './log/log-level.js';
export type { LogSink } from './log/host-logger.js';
export type { HealthCheckOptions } from './dispatch/worker-pool.js';
export type { CorsOptions, CorsPolicy } from './http/cors.js';
export { startAzurite, type Azurite, type AzuriteOptions } from './storage/azurite.js';
export type { StorageMode } from './storage/embedded-storage.js';
export { extensionBindingTypes } from './bindings/binding-registry.js';
export { DEFAULT_HTTP_LIMITS, type HttpLimits } from './http/http-limits.js';
