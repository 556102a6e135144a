import { basename, dirname } from 'node:path';
import { WorkerSystemError } from '../errors.js';
import type { WorkerContext } from '../worker-context.js';
import { Disposable } from './disposable.js';
import { fromCoreFunctionRegistration } from './from-core.js';
import type { CoreFunctionMetadata, CoreFunctionRegistration, FunctionCallback } from './types.js';

/**
 * `registerFunction` of the core API: records a function of a worker-indexed app. The id is the
 * given `functionId` or else the name, so it is the same in every worker process of the app.
 */
export function registerFunction(
  worker: WorkerContext,
  registration: CoreFunctionRegistration,
  callback: FunctionCallback,
): Disposable {
  const app = worker.app;
  if (app.indexingLocked)
    throw new WorkerSystemError('A function can only be registered during app startup.');
  if (typeof registration?.name !== 'string' || registration.name === '') {
    throw new WorkerSystemError('A function needs a name to be registered.');
  }
  if (typeof callback !== 'function') {
    throw new WorkerSystemError(`The callback of function "${registration.name}" is not a function.`);
  }
  const functionId = registration.functionId || registration.name;
  if (app.functions.has(functionId)) {
    throw new WorkerSystemError(`A function with id "${functionId}" has already been registered.`);
  }
  const entryPoint = app.currentEntryPoint;
  const location = entryPoint
    ? { scriptFile: basename(entryPoint), directory: dirname(entryPoint) }
    : { scriptFile: 'unknown', directory: '' };
  const rpcMetadata = fromCoreFunctionRegistration(registration, functionId, location);
  const metadata: CoreFunctionMetadata = {
    ...registration,
    functionId,
    ...location,
    rawBindings: rpcMetadata.rawBindings as string[],
  };
  app.functions.set(functionId, { rpcMetadata, metadata, callback });
  return new Disposable(() => {
    if (app.indexingLocked)
      throw new WorkerSystemError('A function can only be disposed during app startup.');
    app.functions.delete(functionId);
  });
}
