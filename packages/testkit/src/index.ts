/** Conformance tooling: drive any worker as a host would, or play a worker against any host. */
export * from './worker-driver.js';
export * from './worker-config.js';
export * from './rpc-http.js';
export * from './function-json.js';
export { workerArguments, type WorkerArgumentStyle, type WorkerArgumentsInit } from '@functions-rpc/protocol';
export * from './dotnet-app.js';
