import type { MessageKind, StreamingMessage, StreamingMessageOf } from '@functions-rpc/protocol';
import { errorMessage, RpcLog_Level } from '@functions-rpc/protocol';
import { handleCloseSharedMemoryResourcesRequest } from './handlers/close-shared-memory-resources-request.js';
import { handleFileChangeEventRequest } from './handlers/file-change-event-request.js';
import { handleFunctionEnvironmentReloadRequest } from './handlers/function-environment-reload-request.js';
import { handleFunctionLoadRequestCollection } from './handlers/function-load-request-collection.js';
import { handleFunctionLoadRequest } from './handlers/function-load-request.js';
import { handleFunctionsMetadataRequest } from './handlers/functions-metadata-request.js';
import type { Handler } from './handlers/handler.js';
import { handleInvocationCancel } from './handlers/invocation-cancel.js';
import { handleInvocationRequest } from './handlers/invocation-request.js';
import { handleUnknown } from './handlers/unknown.js';
import { handleWorkerInitRequest } from './handlers/worker-init-request.js';
import { handleWorkerStatusRequest } from './handlers/worker-status-request.js';
import { handleWorkerTerminate } from './handlers/worker-terminate.js';
import { handleWorkerWarmupRequest } from './handlers/worker-warmup-request.js';
import type { WorkerContext } from './worker-context.js';

type HandlerTable = { readonly [K in MessageKind]?: Handler<K> };

/** One handler per host-to-worker message kind. */
const handlers: HandlerTable = {
  workerInitRequest: handleWorkerInitRequest,
  functionsMetadataRequest: handleFunctionsMetadataRequest,
  functionLoadRequest: handleFunctionLoadRequest,
  functionLoadRequestCollection: handleFunctionLoadRequestCollection,
  invocationRequest: handleInvocationRequest,
  invocationCancel: handleInvocationCancel,
  workerStatusRequest: handleWorkerStatusRequest,
  workerWarmupRequest: handleWorkerWarmupRequest,
  functionEnvironmentReloadRequest: handleFunctionEnvironmentReloadRequest,
  workerTerminate: handleWorkerTerminate,
  closeSharedMemoryResourcesRequest: handleCloseSharedMemoryResourcesRequest,
  fileChangeEventRequest: handleFileChangeEventRequest,
};

/**
 * Hands every incoming message to the handler of its kind. A handler that fails unexpectedly is logged
 * and never takes the worker down.
 */
export function dispatch(worker: WorkerContext, message: StreamingMessage): void {
  const kind = message.content.case;
  const handler = kind && (handlers[kind] as Handler<MessageKind> | undefined);
  if (!handler) {
    handleUnknown(worker, message);
    return;
  }
  try {
    const done = handler(worker, message as StreamingMessageOf<MessageKind>);
    if (done) done.catch((error: unknown) => reportFailure(worker, kind, error));
  } catch (error) {
    reportFailure(worker, kind, error);
  }
}

function reportFailure(worker: WorkerContext, kind: string, error: unknown): void {
  worker.logger.system(RpcLog_Level.Error, `Handling ${kind} failed: ${errorMessage(error)}`);
}
