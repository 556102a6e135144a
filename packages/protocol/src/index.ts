/**
 * The Azure Functions host <-> language-worker protocol: generated messages, codec, both ends of
 * EventStream and the value converters both ends share.
 */
export * from './gen/FunctionRpc_pb.js';
export * from './gen/shared/NullableTypes_pb.js';
export * from './gen/identity/ClaimsIdentityRpc_pb.js';
export * from './message-kind.js';
export * from './codec/protocol-error.js';
export * from './codec/streaming-message-codec.js';
export * from './transport/grpc-service.js';
export * from './stream/transport-error.js';
export * from './stream/message-stream.js';
export * from './client/function-rpc-client.js';
export * from './server/worker-stream.js';
export * from './server/function-rpc-server.js';
export * from './typed-data/typed-data.js';
export * from './duration.js';
export * from './nullable.js';
export * from './status-result.js';
export * from './capabilities.js';
export * from './launch/worker-arguments.js';
export * from './launch/worker-environment.js';
