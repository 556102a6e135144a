/**
 * The Node.js language worker. It runs as a process (`dist/bundle/main.js`, see worker.config.json); this
 * entry exposes what other packages may want to reuse: its capability set, its argument parser and the
 * core API shapes.
 */
export { defaultCapabilities } from './capabilities.js';
export { parseWorkerArguments, UsageError, type WorkerArguments } from './arguments.js';
export type * from './core-api/types.js';
