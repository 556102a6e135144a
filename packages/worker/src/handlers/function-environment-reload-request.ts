import {
  failureResult,
  FunctionEnvironmentReloadResponse_CapabilitiesUpdateStrategy as UpdateStrategy,
  RpcLog_Level,
  successResult,
} from '@functions-rpc/protocol';
import { clearRequireCache } from '../app/load-module.js';
import { startApp } from '../app/start-app.js';
import { workerCapabilities } from '../app/worker-capabilities.js';
import type { WorkerContext } from '../worker-context.js';
import { workerMetadata } from '../worker-metadata.js';
import { respond, type Handler } from './handler.js';

/**
 * FunctionEnvironmentReloadRequest (placeholder specialization): replaces process.env with the given map,
 * changes directory, forgets the loaded app entirely (CommonJS modules included, so libraries such as
 * `@azure/functions` start fresh too) and loads the app again. Works any number of times.
 */
export const handleFunctionEnvironmentReloadRequest: Handler<'functionEnvironmentReloadRequest'> = (
  worker,
  message,
) =>
  worker.control.run(() =>
    respond(
      worker,
      message,
      'functionEnvironmentReloadResponse',
      async (request) => {
        const variables = request.environmentVariables;
        worker.logger.system(
          RpcLog_Level.Information,
          `Reloading environment variables. Found ${Object.keys(variables).length} variables to reload.`,
        );
        for (const key of Object.keys(process.env)) delete process.env[key];
        Object.assign(process.env, variables);
        worker.resetApp();
        clearRequireCache();
        worker.appGeneration++;
        const appDir = request.functionAppDirectory;
        if (appDir) {
          worker.logger.system(RpcLog_Level.Information, `Changing current working directory to ${appDir}`);
          process.chdir(appDir);
          await startApp(worker, appDir, worker.appGeneration);
          adoptModelOfCachedLibrary(worker);
        }
        return {
          workerMetadata: workerMetadata(worker.app.programmingModel),
          capabilities: await workerCapabilities(worker),
          capabilitiesUpdateStrategy: UpdateStrategy.replace,
          result: successResult(),
        };
      },
      (error) => ({
        workerMetadata: workerMetadata(worker.app.programmingModel),
        capabilitiesUpdateStrategy: UpdateStrategy.replace,
        result: failureResult(error),
      }),
    ),
  );

/**
 * An ES-module app reuses the library instance it imported before (ES modules cannot be unloaded), and
 * that instance sets its programming model only once. When the reloaded app registered functions but
 * set no model, the model it set last time is still the one its functions need.
 */
function adoptModelOfCachedLibrary(worker: WorkerContext): void {
  const app = worker.app;
  if (app.isWorkerIndexed && app.programmingModel === worker.defaultModel && worker.lastSetModel) {
    app.programmingModel = worker.lastSetModel;
  }
}
