/**
 * The Azure Functions host <-> language-worker protocol: generated messages, codec, both ends of
 * EventStream, the value converters both ends share, and the rules both ends apply to worker.config.json,
 * function.json folders and HTTP requests.
 */
export * from './gen/FunctionRpc_pb.js';
export * from './gen/shared/NullableTypes_pb.js';
export * from './gen/identity/ClaimsIdentityRpc_pb.js';
export * from './message-kind.js';
export * from './codec/protocol-error.js';
export * from './codec/streaming-message-codec.js';
export * from './transport/grpc-service.js';
export * from './transport/grpc-status.js';
export * from './stream/transport-error.js';
export * from './stream/message-stream.js';
export * from './client/function-rpc-client.js';
export { openRawEventStream, type OpenedRawEventStream } from './client/event-stream-call.js';
export * from './server/worker-stream.js';
export * from './server/function-rpc-server.js';
export * from './typed-data/typed-data.js';
export * from './duration.js';
export * from './time-span.js';
export * from './json/config-json.js';
export * from './json/json-object.js';
export * from './nullable.js';
export * from './status-result.js';
export * from './capabilities.js';
export * from './launch/worker-arguments.js';
export * from './launch/worker-environment.js';
export * from './launch/worker-config.js';
export * from './launch/worker-command.js';
export * from './launch/worker-settings.js';
export * from './rpc-http/request-parts.js';
export * from './rpc-http/http-request-data.js';
export * from './rpc-http/rpc-http-shape.js';
export * from './rpc-http/to-rpc-http.js';
export * from './rpc-http/http-trigger-metadata.js';
export * from './indexing/function-binding.js';
export * from './indexing/validate-function.js';
export * from './indexing/function-json.js';
export * from './indexing/function-metadata.js';
export * from './indexing/retry-options.js';
