import {
  failureResult,
  successResult,
  type FunctionLoadRequest,
  type MessagePayloadInit,
} from '@functions-rpc/protocol';
import { loadLegacyFunction } from '../legacy/load-legacy-function.js';
import type { WorkerContext } from '../worker-context.js';

/**
 * Loads one function and builds its FunctionLoadResponse; never throws. A worker-indexed function is
 * loaded already; any other is a function.json function, loaded through the built-in legacy model.
 */
export async function loadFunction(
  worker: WorkerContext,
  request: FunctionLoadRequest,
): Promise<MessagePayloadInit<'functionLoadResponse'>> {
  const functionId = request.functionId;
  const app = worker.app;
  app.indexingLocked = true;
  try {
    if (app.blockingError) throw app.blockingError;
    if (!app.functions.has(functionId)) {
      if (!request.metadata) throw new Error(`The load request for '${functionId}' has no metadata.`);
      await loadLegacyFunction(worker, functionId, request.metadata);
    }
    return { functionId, result: successResult() };
  } catch (error) {
    return { functionId, result: failureResult(error, { isUserException: error === app.blockingError }) };
  }
}
