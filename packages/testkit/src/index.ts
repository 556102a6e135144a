/** Conformance tooling: drive any worker as a host would, or play a worker against any host. */
export * from './worker-driver.js';
export * from './worker-config.js';
export * from './rpc-http.js';
export * from './function-json.js';
export { workerArguments, type WorkerArgumentStyle, type WorkerArgumentsInit } from '@functions-rpc/protocol';
export * from './conformance/verdict.js';
export * from './conformance/scenario.js';
export * from './conformance/protocol-monitor.js';
export * from './conformance/worker-session.js';
export * from './conformance/worker-suite.js';
export * from './conformance/report.js';
export * from './conformance/kit-apps.js';
export * from './conformance/http-reply.js';
export * from './conformance/node-test.js';
