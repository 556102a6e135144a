import type { WorkerPool } from '../dispatch/worker-pool.js';
import type { FunctionRegistry } from '../functions/function-registry.js';
import { workerView, type WorkerView } from './admin-views.js';

/** The body of `GET /admin/host/status`. */
export interface HostStatus {
  readonly id: string;
  /** Starting, Running, Error (no worker left), Stopping or Stopped. */
  readonly state: 'Starting' | 'Running' | 'Error' | 'Stopping' | 'Stopped';
  readonly version: string;
  /** Milliseconds since the host started. */
  readonly processUptime: number;
  readonly functionCount: number;
  /** Indexing problems. */
  readonly errors: readonly string[];
  readonly restarts: { readonly errorCount: number; readonly threshold: number };
  readonly workers: readonly WorkerView[];
}

const STATES = {
  starting: 'Starting',
  running: 'Running',
  exhausted: 'Error',
  stopping: 'Stopping',
  stopped: 'Stopped',
} as const;

/** Describes the host and its workers. */
export function hostStatus(
  id: string,
  version: string,
  startedAt: number,
  pool: WorkerPool,
  registry: FunctionRegistry,
): HostStatus {
  return {
    id,
    state: STATES[pool.state],
    version,
    processUptime: Date.now() - startedAt,
    functionCount: registry.all.length,
    errors: registry.errors,
    restarts: { errorCount: pool.policy.errorCount, threshold: pool.policy.threshold },
    workers: pool.channels.map(workerView),
  };
}
