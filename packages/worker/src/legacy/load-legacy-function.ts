import { errorMessage } from '@functions-rpc/protocol';
import type { RpcFunctionMetadata } from '@functions-rpc/protocol';
import { loadModule } from '../app/load-module.js';
import { toCoreFunctionMetadata } from '../core-api/to-core.js';
import { WorkerSystemError } from '../errors.js';
import type { WorkerContext } from '../worker-context.js';
import { resolveEntryPoint } from './entry-point.js';

/**
 * Loads a function described by function.json (host indexing): imports `script_file` (absolute, as the
 * host sends it) and resolves its entry point. Proxies are skipped.
 *
 * @throws WorkerSystemError naming the function when the script cannot be loaded.
 */
export async function loadLegacyFunction(
  worker: WorkerContext,
  functionId: string,
  metadata: RpcFunctionMetadata,
): Promise<void> {
  if (metadata.isProxy) return;
  try {
    if (!metadata.scriptFile) throw new WorkerSystemError('The function has no script file.');
    const script = await loadModule(metadata.scriptFile, worker.app.packageJson, worker.appGeneration);
    const callback = resolveEntryPoint(script, metadata.entryPoint);
    worker.app.legacyFunctions.set(functionId, { metadata: toCoreFunctionMetadata(metadata), callback });
  } catch (error) {
    throw new WorkerSystemError(
      `Worker was unable to load function ${metadata.name}: '${errorMessage(error)}'`,
      {
        cause: error,
      },
    );
  }
}
