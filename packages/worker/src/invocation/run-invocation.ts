import {
  cancelledResult,
  errorMessage,
  failureResult,
  RpcLog_Level,
  RpcLog_RpcLogCategory,
  successResult,
  type InvocationRequest,
} from '@functions-rpc/protocol';
import type { RegisteredFunction } from '../app/app-state.js';
import { fromCoreInvocationResponse } from '../core-api/from-core.js';
import { PostInvocationContext, PreInvocationContext, runHooks } from '../core-api/hook-contexts.js';
import { toCoreInvocationRequest } from '../core-api/to-core.js';
import type { HookData } from '../core-api/types.js';
import { isSystemError, WorkerSystemError } from '../errors.js';
import type { WorkerContext } from '../worker-context.js';
import type { ActiveInvocation, InvocationResponseInit } from './active-invocation.js';
import { CoreInvocationContextImpl } from './core-invocation-context.js';
import { attachSignal } from './invocation-signal.js';
import { invocationStorage } from './invocation-storage.js';

// One shared instance: responses are never changed after they are sent, and this saves a message per call.
const SUCCESS = successResult();

/**
 * Runs one invocation through the programming model (arguments, preInvocation hooks, the function,
 * postInvocation hooks, response) and returns the response to send. Never throws: every failure
 * becomes a Failure (or, once cancelled, a Cancelled) response.
 */
export function runInvocation(
  worker: WorkerContext,
  invocation: ActiveInvocation,
  request: InvocationRequest,
): Promise<InvocationResponseInit> {
  return invocationStorage.run(invocation, invokeSafely, worker, invocation, request);
}

async function invokeSafely(
  worker: WorkerContext,
  invocation: ActiveInvocation,
  request: InvocationRequest,
): Promise<InvocationResponseInit> {
  try {
    return await invoke(worker, invocation, request);
  } catch (error) {
    return failedResponse(worker, invocation, error);
  }
}

async function invoke(
  worker: WorkerContext,
  invocation: ActiveInvocation,
  request: InvocationRequest,
): Promise<InvocationResponseInit> {
  const registered = findFunction(worker, request.functionId);
  const model = registered.legacy ? worker.defaultModel : worker.app.programmingModel;
  const { metadata } = registered.fn;
  invocation.logCategory = `${metadata.name ?? request.functionId}.Invocation`;
  const coreContext = new CoreInvocationContextImpl(
    worker,
    invocation,
    toCoreInvocationRequest(request),
    metadata,
  );
  if (worker.logger.enabled(RpcLog_RpcLogCategory.System, RpcLog_Level.Debug)) {
    coreContext.log('debug', 'system', `Worker received InvocationRequest ${request.invocationId}`);
  }
  // The v4 library answers synchronously; awaiting a plain value would still cost a microtask turn.
  const modelOrPromise = model.getInvocationModel(coreContext);
  const invocationModel = isPromiseLike(modelOrPromise) ? await modelOrPromise : modelOrPromise;
  const { context, inputs } = await invocationModel.getArguments();
  attachSignal(context, invocation);
  invocation.invocationContext = context;

  const hooks = worker.app.hooks;
  const hookData: HookData = {};
  let args = inputs;
  let callback = registered.fn.callback;
  if (hooks.preInvocation.length > 0) {
    const pre = new PreInvocationContext(hookData, worker.app.appHookData, context, args, callback);
    coreContext.state = 'preInvocationHooks';
    await runHooks(hooks.preInvocation, pre);
    coreContext.state = undefined;
    args = pre.inputs;
    callback = pre.functionCallback;
  }

  if (invocation.isCancelled) throw new WorkerSystemError(invocation.cancelReason);
  // null, not undefined, for the one that does not apply: postInvocation hooks see them as Microsoft's
  // worker gives them (`error === null` after a success, `result === null` after a failure).
  let result: unknown = null;
  let error: unknown = null;
  coreContext.state = 'invocation';
  try {
    result = await invocationModel.invokeFunction(context, args, callback);
  } catch (thrown) {
    error = thrown ?? new Error('The function threw ' + String(thrown));
  }
  coreContext.state = undefined;

  if (hooks.postInvocation.length > 0) {
    const post = new PostInvocationContext(hookData, worker.app.appHookData, context, args, result, error);
    coreContext.state = 'postInvocationHooks';
    await runHooks(hooks.postInvocation, post);
    coreContext.state = undefined;
    result = post.result;
    error = post.error;
  }
  if (error !== null && error !== undefined) throw error;

  const response = fromCoreInvocationResponse(await invocationModel.getResponse(context, result));
  response.invocationId = request.invocationId;
  response.result = SUCCESS;
  return response;
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

function findFunction(
  worker: WorkerContext,
  functionId: string,
): { fn: RegisteredFunction; legacy: boolean } {
  const fn = worker.app.functions.get(functionId);
  if (fn) return { fn, legacy: false };
  const legacy = worker.app.legacyFunctions.get(functionId);
  if (legacy) return { fn: legacy, legacy: true };
  throw new WorkerSystemError(`Function code for '${functionId}' is not loaded and cannot be invoked.`);
}

function failedResponse(
  worker: WorkerContext,
  invocation: ActiveInvocation,
  error: unknown,
): InvocationResponseInit {
  const invocationId = invocation.invocationId;
  if (invocation.isCancelled) {
    return { invocationId, result: cancelledResult(invocation.cancelReason ?? 'Cancelled') };
  }
  const system = isSystemError(error);
  if (system) {
    worker.logger.system(RpcLog_Level.Error, errorMessage(error), invocationId);
  }
  return { invocationId, result: failureResult(error, { isUserException: !system }) };
}
