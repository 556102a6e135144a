import { failureResult, RpcLog_Level, successResult } from '@functions-rpc/protocol';
import { startApp } from '../app/start-app.js';
import { workerCapabilities } from '../app/worker-capabilities.js';
import { workerMetadata, workerVersion } from '../worker-metadata.js';
import { respond, type Handler } from './handler.js';

/**
 * WorkerInitRequest: records the host version and log levels, loads the app (when the host names its
 * directory) and answers with capabilities and worker metadata.
 */
export const handleWorkerInitRequest: Handler<'workerInitRequest'> = (worker, message) =>
  worker.control.run(() =>
    respond(
      worker,
      message,
      'workerInitResponse',
      async (request) => {
        worker.hostVersion = request.hostVersion;
        worker.logger.levels.configure(request.logCategories);
        worker.logger.system(RpcLog_Level.Debug, `Worker ${worker.args.workerId} received WorkerInitRequest`);
        if (request.functionAppDirectory) await startApp(worker, request.functionAppDirectory);
        return {
          workerVersion,
          capabilities: await workerCapabilities(worker),
          workerMetadata: workerMetadata(worker.app.programmingModel),
          result: successResult(),
        };
      },
      (error) => ({
        workerVersion,
        workerMetadata: workerMetadata(worker.app.programmingModel),
        result: failureResult(error),
      }),
    ),
  );
