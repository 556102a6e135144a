import { join } from 'node:path';
import { errorMessage, RpcLog_Level, RpcLog_RpcLogCategory } from '@functions-rpc/protocol';
import { AppStartContext, runHooks } from '../core-api/hook-contexts.js';
import type { WorkerContext } from '../worker-context.js';
import { entryFiles } from './entry-files.js';
import { loadModule } from './load-module.js';
import { readPackageJson } from './package-json.js';

/**
 * Loads the function app in `appDir`: the entry files `package.json` names in `main` (a path, a directory
 * or a glob), in the order of {@link entryFiles}, then runs the `appStart` hooks.
 *
 * An entry file that fails to load does not fail the caller: the error is logged and kept in
 * `app.blockingError`, and the metadata and load requests answer with it (as Microsoft's worker does
 * on Node 20+), so the host reports the user's error against the functions rather than restarting the
 * worker again and again.
 */
export async function startApp(worker: WorkerContext, appDir: string, generation = 0): Promise<void> {
  const app = worker.app;
  try {
    app.packageJson = await readPackageJson(appDir, (message) =>
      worker.logger.system(RpcLog_Level.Warning, message),
    );
  } catch (error) {
    worker.logger.system(RpcLog_Level.Warning, `Worker failed to load package.json: ${errorMessage(error)}`);
  }
  const main = app.packageJson.main;
  if (main) await loadEntryPoints(worker, appDir, main, generation);
  const context = new AppStartContext(app.appLevelHookData, app.appHookData, appDir);
  await runHooks(app.hooks.appStart, context);
}

async function loadEntryPoints(
  worker: WorkerContext,
  appDir: string,
  pattern: string,
  generation: number,
): Promise<void> {
  const app = worker.app;
  let current: string | undefined;
  try {
    for (const file of await entryFiles(appDir, pattern)) {
      current = file;
      app.currentEntryPoint = join(appDir, file);
      await loadModule(app.currentEntryPoint, app.packageJson, generation);
    }
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(errorMessage(error));
    const message = `Worker was unable to load entry point "${current ?? pattern}": ${failure.message}`;
    // Keeps the user's error name and stack: that is what the user needs to see in the host's report.
    const blocking = new Error(message, { cause: failure });
    blocking.name = failure.name;
    blocking.stack = failure.stack;
    app.blockingError = blocking;
    // The stack goes as the log's exception, not in its message: the host shows it only when asked to
    // (fnrpc start --verbose), the clear line always.
    worker.logger.log({
      level: RpcLog_Level.Error,
      logCategory: RpcLog_RpcLogCategory.System,
      message,
      invocationId: '',
      exception: { message: failure.message, stackTrace: failure.stack ?? '' },
    });
  } finally {
    app.currentEntryPoint = undefined;
  }
}
