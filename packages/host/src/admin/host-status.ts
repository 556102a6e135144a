import type { AppRunner } from '../lifecycle/app-runner.js';
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
  /**
   * Worker errors in the 30-minute window and the budget (3 × processCount); once it is spent, workers are
   * restarted further apart and `nextRestartAt` says when the next one starts while none is left.
   */
  readonly restarts: {
    readonly errorCount: number;
    readonly threshold: number;
    readonly overBudget: boolean;
    readonly nextRestartAt?: string;
  };
  readonly workers: readonly WorkerView[];
}

const STATES = {
  starting: 'Starting',
  running: 'Running',
  exhausted: 'Error',
  stopping: 'Stopping',
  stopped: 'Stopped',
} as const;

/** Describes the host and its workers: the current run's, or why there is none. */
export function hostStatus(id: string, version: string, startedAt: number, runner: AppRunner): HostStatus {
  const run = runner.current;
  const failure = runner.failure;
  const base = { id, version, processUptime: Date.now() - startedAt };
  if (!run) {
    return {
      ...base,
      state: runner.restarting ? 'Starting' : failure ? 'Error' : 'Stopped',
      functionCount: 0,
      errors: failure ? [failure.message] : [],
      restarts: { errorCount: 0, threshold: 0, overBudget: false },
      workers: [],
    };
  }
  const { pool, registry } = run;
  return {
    ...base,
    state: STATES[pool.state],
    functionCount: registry.all.length,
    errors: registry.errors,
    restarts: {
      errorCount: pool.policy.errorCount,
      threshold: pool.policy.threshold,
      overBudget: pool.policy.overBudget,
      ...(pool.nextRestartAt ? { nextRestartAt: pool.nextRestartAt.toISOString() } : {}),
    },
    workers: pool.channels.map(workerView),
  };
}
