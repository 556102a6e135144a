import { errorMessage, RpcLog_Level, RpcLog_RpcLogCategory } from '@functions-rpc/protocol';
import { logCategories, logLevels } from '../core-api/enum-mappings.js';
import { InvocationHookContext } from '../core-api/hook-contexts.js';
import type { CoreLogCategory, CoreLogLevel, HookData } from '../core-api/types.js';
import { ReadOnlyError } from '../errors.js';
import type { ActiveInvocation } from '../invocation/active-invocation.js';
import type { WorkerContext } from '../worker-context.js';

/** What a `log` hook receives; level and message are writable and apply to user logs. */
class LogHookContext extends InvocationHookContext {
  readonly #category: CoreLogCategory;

  constructor(
    appHookData: HookData,
    invocationContext: unknown,
    category: CoreLogCategory,
    public level: CoreLogLevel,
    public message: string,
  ) {
    // Log hooks share no data with each other: each call gets its own hookData.
    super({}, appHookData, invocationContext);
    this.#category = category;
  }

  get category(): CoreLogCategory {
    return this.#category;
  }
  set category(_value: CoreLogCategory) {
    throw new ReadOnlyError('category');
  }
}

// A log written by a log hook must not run the hooks again.
let inLogHooks = false;

/**
 * A log from the core API (`CoreInvocationContext.log`, `coreApi.log`) or from captured console output:
 * runs the app's `log` hooks synchronously, then sends it if its level is enabled. Hooks may change the
 * level and message of user logs; system logs are sent as they were.
 */
export function emitCoreLog(
  worker: WorkerContext,
  level: CoreLogLevel,
  category: CoreLogCategory,
  message: string,
  invocation?: ActiveInvocation,
): void {
  const logCategory = logCategories.toProto(category);
  let rpcLevel = logLevels.toProto(level);
  const hooks = worker.app.hooks.log;
  if (hooks.length > 0 && !inLogHooks) {
    const context = new LogHookContext(
      worker.app.appHookData,
      invocation?.invocationContext,
      category,
      level,
      message,
    );
    runLogHooks(worker, hooks, context);
    if (logCategory !== RpcLog_RpcLogCategory.System) {
      rpcLevel = logLevels.toProto(context.level);
      message = String(context.message);
    }
  }
  if (!worker.logger.enabled(logCategory, rpcLevel)) return;
  worker.logger.log({
    invocationId: invocation?.invocationId ?? '',
    category: invocation?.logCategory ?? '',
    level: rpcLevel,
    message,
    logCategory,
  });
}

function runLogHooks(
  worker: WorkerContext,
  hooks: readonly ((context: never) => unknown)[],
  context: LogHookContext,
) {
  inLogHooks = true;
  try {
    for (const hook of hooks) (hook as (context: LogHookContext) => unknown)(context);
  } catch (error) {
    worker.logger.system(RpcLog_Level.Error, `A log hook failed: ${errorMessage(error)}`);
  } finally {
    inLogHooks = false;
  }
}
