import type { WorkerChannel } from '../channel/worker-channel.js';
import type { HostLogger } from '../log/host-logger.js';
import type { FunctionInfo } from './function-info.js';
import { FunctionRegistry } from './function-registry.js';
import { indexFunctionJsonApp } from './host-indexing.js';
import { fromWorkerMetadata } from './worker-indexing.js';

/** What indexing needs besides the first worker. */
export interface IndexAppContext {
  readonly appDir: string;
  readonly values: Readonly<Record<string, string>>;
  readonly logger: HostLogger;
}

/**
 * Finds the app's functions (BEHAVIOR 4.3): asks the first worker when its config enables worker indexing,
 * and reads function.json folders when it does not or when the worker answers use_default_metadata_indexing.
 * A failed metadata result is logged and its entries still used, as the reference host does.
 */
export async function indexApp(first: WorkerChannel, context: IndexAppContext): Promise<FunctionRegistry> {
  const { worker } = first;
  if (worker.workerIndexing) {
    const response = await first.requestMetadata();
    if (response.result?.status !== 1) {
      const why = response.result?.exception?.message || 'no reason given';
      context.logger.log('Error', 'Host.Startup', `The worker failed to index the app: ${why}`);
    }
    const useDefault = response.useDefaultMetadataIndexing;
    if (!useDefault) {
      const { functions, errors } = fromWorkerMetadata(response.functionMetadataResults, worker.language);
      return new FunctionRegistry(applyDisabledSettings(functions, context.values), errors);
    }
  }
  const { functions, errors } = await indexFunctionJsonApp({
    appDir: context.appDir,
    language: worker.language,
    extensions: worker.extensions,
  });
  return new FunctionRegistry(applyDisabledSettings(functions, context.values), errors);
}

/** The app setting `AzureWebJobs.<name>.Disabled` = true disables a function, however it was indexed. */
function applyDisabledSettings(
  functions: readonly FunctionInfo[],
  values: Readonly<Record<string, string>>,
): FunctionInfo[] {
  return functions.map((fn) =>
    values[`AzureWebJobs.${fn.name}.Disabled`]?.toLowerCase() === 'true' ? { ...fn, disabled: true } : fn,
  );
}
