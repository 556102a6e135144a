import { defaultCapabilities } from '../capabilities.js';
import type { WorkerContext } from '../worker-context.js';

/**
 * The capabilities to answer init and reload with: the worker's own, then whatever the app's programming
 * model makes of them (the v4 library adds `HttpUri` for HTTP streaming and any `app.setup` capabilities).
 */
export async function workerCapabilities(worker: WorkerContext): Promise<Record<string, string>> {
  const defaults = defaultCapabilities();
  const model = worker.app.programmingModel;
  const capabilities = model.getCapabilities ? await model.getCapabilities(defaults) : defaults;
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(capabilities ?? defaults)) {
    if (value !== undefined && value !== null) result[name] = String(value);
  }
  return result;
}
