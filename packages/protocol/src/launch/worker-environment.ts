/** Where a launched worker finds itself and its app. */
export interface WorkerEnvironmentInit {
  /** The folder holding the worker's worker.config.json. */
  readonly workerDir: string;
  /** The function app's folder (the script root), also the worker's working directory. */
  readonly appDir: string;
}

/**
 * The variables a Functions host sets for a worker on top of its own environment (BEHAVIOR 3.3), spelled
 * here once for every launcher.
 */
export function workerEnvironment(init: WorkerEnvironmentInit): Record<string, string> {
  return {
    FUNCTIONS_WORKER_DIRECTORY: init.workerDir,
    FUNCTIONS_APPLICATION_DIRECTORY: init.appDir,
  };
}
