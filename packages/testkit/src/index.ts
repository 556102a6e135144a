/** Conformance tooling: drive any worker as a host would, or play a worker against any host. */
export * from './worker-arguments.js';
export * from './worker-driver.js';
