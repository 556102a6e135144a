import { WorkerSystemError } from '../errors.js';
import type { FunctionCallback } from '../core-api/types.js';

/**
 * Picks the function to call from a loaded script: the export named by `entryPoint`, else the only
 * export, else `run` or `index`; a module that is itself a function is used as is. The function is
 * bound to its module, so `this` works as it did in Microsoft's worker.
 *
 * @throws WorkerSystemError when nothing callable is found.
 */
export function resolveEntryPoint(script: unknown, entryPoint: string): FunctionCallback {
  let candidate: unknown = script;
  if (candidate !== null && typeof candidate === 'object') {
    const exports = candidate as Record<string, unknown>;
    const names = Object.keys(exports);
    if (entryPoint) candidate = exports[entryPoint];
    else if (names.length === 1) candidate = exports[names[0] as string];
    else candidate = exports.run ?? exports.index;
  }
  if (candidate === undefined || candidate === null) {
    throw new WorkerSystemError(
      `Unable to determine function entry point${entryPoint ? `: ${entryPoint}` : ''}. If multiple functions ` +
        "are exported, name the entry point 'run' or 'index', or name it in the 'entryPoint' property of function.json.",
    );
  }
  if (typeof candidate !== 'function') {
    throw new WorkerSystemError(
      'The resolved entry point is not a function and cannot be invoked by the functions runtime. ' +
        'Make sure the function has been correctly exported.',
    );
  }
  return (candidate as FunctionCallback).bind(script);
}
