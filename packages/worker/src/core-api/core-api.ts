import { WorkerRangeError } from '../errors.js';
import { emitCoreLog } from '../logging/core-log.js';
import type { WorkerContext } from '../worker-context.js';
import { Disposable } from './disposable.js';
import { registerFunction } from './register-function.js';
import type {
  CoreFunctionRegistration,
  CoreLogCategory,
  CoreLogLevel,
  FunctionCallback,
  HookCallback,
  HookName,
  ProgrammingModel,
} from './types.js';
import { workerVersion } from '../worker-metadata.js';

/** The `@azure/functions-core` module as user code and programming models see it. */
export interface CoreApi {
  readonly version: string;
  readonly hostVersion: string;
  registerFunction(metadata: CoreFunctionRegistration, callback: FunctionCallback): Disposable;
  registerHook(hookName: string, callback: HookCallback): Disposable;
  setProgrammingModel(model: ProgrammingModel): void;
  getProgrammingModel(): ProgrammingModel;
  log(level: CoreLogLevel, category: CoreLogCategory, message: string): void;
  readonly Disposable: typeof Disposable;
}

/** Builds the core API over the worker's state; it always acts on the app loaded now. */
export function createCoreApi(worker: WorkerContext): CoreApi {
  return {
    version: workerVersion,
    get hostVersion(): string {
      return worker.requireHostVersion();
    },
    registerFunction: (metadata, callback) => registerFunction(worker, metadata, callback),
    registerHook: (hookName, callback) => registerHook(worker, hookName, callback),
    setProgrammingModel: (model) => worker.setProgrammingModel(model),
    getProgrammingModel: () => worker.app.programmingModel,
    log: (level, category, message) => emitCoreLog(worker, level, category, message),
    Disposable,
  };
}

function registerHook(worker: WorkerContext, hookName: string, callback: HookCallback): Disposable {
  // The app's hook lists are keyed by exactly the names the contract allows.
  if (!Object.hasOwn(worker.app.hooks, hookName))
    throw new WorkerRangeError(`Unrecognized hook "${hookName}"`);
  if (typeof callback !== 'function')
    throw new TypeError(`The "${hookName}" hook callback is not a function.`);
  const hooks = worker.app.hooks[hookName as HookName];
  hooks.push(callback);
  return new Disposable(() => {
    const index = hooks.indexOf(callback);
    if (index >= 0) hooks.splice(index, 1);
  });
}
