import { failureResult, RpcLog_Level, successResult } from '@functions-rpc/protocol';
import { respond, type Handler } from './handler.js';

/**
 * FunctionsMetadataRequest: the functions the app registered, or `use_default_metadata_indexing` when
 * it registered none (a function.json app). Registration is closed from now on. An app whose entry
 * file failed to load answers Failure with that error.
 */
export const handleFunctionsMetadataRequest: Handler<'functionsMetadataRequest'> = (worker, message) =>
  worker.control.run(() =>
    respond(
      worker,
      message,
      'functionMetadataResponse',
      () => {
        const app = worker.app;
        app.indexingLocked = true;
        worker.logger.system(
          RpcLog_Level.Debug,
          `Worker ${worker.args.workerId} received FunctionsMetadataRequest`,
        );
        if (app.blockingError) throw app.blockingError;
        if (!app.isWorkerIndexed) return { useDefaultMetadataIndexing: true, result: successResult() };
        const functionMetadataResults = [...app.functions.values()].flatMap((fn) => fn.rpcMetadata ?? []);
        return { functionMetadataResults, useDefaultMetadataIndexing: false, result: successResult() };
      },
      (error) => ({
        useDefaultMetadataIndexing: !worker.app.isWorkerIndexed,
        result: failureResult(error, { isUserException: true }),
      }),
    ),
  );
