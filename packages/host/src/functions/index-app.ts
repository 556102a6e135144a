import type { WorkerChannel } from '../channel/worker-channel.js';
import { bindingsError } from '../bindings/supported-bindings.js';
import type { HostLogger } from '../log/host-logger.js';
import type { FunctionInfo } from './function-info.js';
import { FunctionRegistry, functionInErrorMessage, type FunctionInError } from './function-registry.js';
import { indexFunctionJsonApp } from './host-indexing.js';
import { dropRouteConflicts } from './route-conflicts.js';
import { fromWorkerMetadata } from './worker-indexing.js';

/** What indexing needs besides the first worker. */
export interface IndexAppContext {
  readonly appDir: string;
  readonly values: Readonly<Record<string, string>>;
  readonly logger: HostLogger;
  /** host.json `functions` (or `--functions`): run only these; undefined runs every function. */
  readonly only?: readonly string[] | undefined;
}

/**
 * Finds the app's functions (BEHAVIOR 4.3): asks the first worker when its config enables worker indexing,
 * and reads function.json folders when it does not or when the worker answers use_default_metadata_indexing.
 * A failed metadata result is logged and its entries still used, as the reference host does.
 */
export async function indexApp(first: WorkerChannel, context: IndexAppContext): Promise<FunctionRegistry> {
  const { worker } = first;
  if (worker.workerIndexing) {
    const response = await first.requestMetadata();
    if (response.result?.status !== 1) {
      const why = response.result?.exception?.message || 'no reason given';
      context.logger.log('Error', 'Host.Startup', `The worker failed to index the app: ${why}`);
    }
    const useDefault = response.useDefaultMetadataIndexing;
    if (!useDefault) {
      const { functions, errors } = fromWorkerMetadata(response.functionMetadataResults, worker.language);
      return registry(functions, errors, context);
    }
  }
  const { functions, errors } = await indexFunctionJsonApp({
    appDir: context.appDir,
    language: worker.language,
    extensions: worker.extensions,
  });
  return registry(functions, errors, context);
}

function registry(
  functions: readonly FunctionInfo[],
  errors: readonly string[],
  context: IndexAppContext,
): FunctionRegistry {
  const selected = context.only ? selectFunctions(functions, context.only, context.logger) : functions;
  const runnable: FunctionInfo[] = [];
  const inError: FunctionInError[] = [];
  for (const fn of selected) {
    const error = bindingsError(fn);
    if (error === undefined) runnable.push(fn);
    else inError.push({ fn, error });
  }
  const routed = dropRouteConflicts(runnable);
  inError.push(...routed.inError);
  return new FunctionRegistry(
    applyDisabledSettings(routed.functions, context.values),
    [...errors, ...inError.map(functionInErrorMessage)],
    inError,
  );
}

/**
 * Keeps the functions named in `only` (case-insensitive), as the reference host does with host.json
 * `functions`; the others are neither loaded nor served. Names the app does not have are reported.
 */
function selectFunctions(
  functions: readonly FunctionInfo[],
  only: readonly string[],
  logger: HostLogger,
): FunctionInfo[] {
  const wanted = new Set(only.map((name) => name.toLowerCase()));
  const selected = functions.filter((fn) => wanted.has(fn.name.toLowerCase()));
  const known = new Set(functions.map((fn) => fn.name.toLowerCase()));
  for (const name of only.filter((name) => !known.has(name.toLowerCase())))
    logger.log('Warning', 'Host.Startup', `The function list names '${name}', which the app does not have.`);
  const skipped = functions.length - selected.length;
  if (skipped > 0)
    logger.log(
      'Information',
      'Host.Startup',
      `Running only the listed functions: ${skipped} other function(s) are not loaded.`,
    );
  return selected;
}

/** The app setting `AzureWebJobs.<name>.Disabled` = true disables a function, however it was indexed. */
function applyDisabledSettings(
  functions: readonly FunctionInfo[],
  values: Readonly<Record<string, string>>,
): FunctionInfo[] {
  return functions.map((fn) =>
    values[`AzureWebJobs.${fn.name}.Disabled`]?.toLowerCase() === 'true' ? { ...fn, disabled: true } : fn,
  );
}
