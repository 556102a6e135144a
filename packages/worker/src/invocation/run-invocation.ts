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
import type { FunctionCallback, HookData, InvocationModel } from '../core-api/types.js';
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
 * postInvocation hooks, response) and answers it: with its response, or with a Failure (or, once
 * cancelled, a Cancelled) response for whatever went wrong. Never rejects.
 *
 * `idle`, when given, is the control queue to wait for first (an app being loaded or reloaded).
 */
export function runInvocation(
  worker: WorkerContext,
  invocation: ActiveInvocation,
  request: InvocationRequest,
  idle?: Promise<void>,
): Promise<void> {
  return invocationStorage.run(invocation, execute, worker, invocation, request, idle);
}

/**
 * One async function for the whole invocation, awaiting only what the programming model returns: with
 * AsyncLocalStorage on, every promise runs Node's promise hooks, so each async function, `await` or
 * `.then` of our own adds to what every invocation pays.
 */
async function execute(
  worker: WorkerContext,
  invocation: ActiveInvocation,
  request: InvocationRequest,
  idle: Promise<void> | undefined,
): Promise<void> {
  let response: InvocationResponseInit;
  try {
    if (idle) await idle;
    const prepared = prepare(worker, invocation, request);
    const { coreContext, invocationModel, callback } = isPromiseLike(prepared) ? await prepared : prepared;
    const { context, inputs } = await invocationModel.getArguments();
    attachSignal(context, invocation);
    invocation.invocationContext = context;
    const hooks = worker.app.hooks;
    let result: unknown;
    if (hooks.preInvocation.length > 0 || hooks.postInvocation.length > 0) {
      result = await invokeWithHooks(
        worker,
        invocation,
        coreContext,
        invocationModel,
        context,
        inputs,
        callback,
      );
    } else {
      if (invocation.isCancelled) throw new WorkerSystemError(invocation.cancelReason);
      coreContext.state = 'invocation';
      try {
        result = await invocationModel.invokeFunction(context, inputs, callback);
      } catch (thrown) {
        throw thrownError(thrown);
      } finally {
        coreContext.state = undefined;
      }
    }
    response = fromCoreInvocationResponse(await invocationModel.getResponse(context, result));
    response.invocationId = request.invocationId;
    response.result = SUCCESS;
  } catch (error) {
    response = failedResponse(worker, invocation, error);
  }
  answer(worker, invocation, response);
}

interface Prepared {
  readonly coreContext: CoreInvocationContextImpl;
  readonly invocationModel: InvocationModel;
  readonly callback: FunctionCallback;
}

/** Finds the function and builds the invocation's model: a value, or a promise when the model is async. */
function prepare(
  worker: WorkerContext,
  invocation: ActiveInvocation,
  request: InvocationRequest,
): Prepared | Promise<Prepared> {
  const registered = findFunction(worker, request.functionId);
  const model = registered.legacy ? worker.defaultModel : worker.app.programmingModel;
  const { metadata, callback } = registered.fn;
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
  // The v4 library answers synchronously; awaiting a plain value would still cost a promise.
  const modelOrPromise = model.getInvocationModel(coreContext);
  return isPromiseLike(modelOrPromise)
    ? Promise.resolve(modelOrPromise).then((invocationModel) => ({ coreContext, invocationModel, callback }))
    : { coreContext, invocationModel: modelOrPromise, callback };
}

/**
 * preInvocation hooks, the function (unless cancelled meanwhile), postInvocation hooks; the result, or
 * what the function threw unless a postInvocation hook cleared it.
 */
async function invokeWithHooks(
  worker: WorkerContext,
  invocation: ActiveInvocation,
  coreContext: CoreInvocationContextImpl,
  invocationModel: InvocationModel,
  context: unknown,
  inputs: unknown[],
  callback: FunctionCallback,
): Promise<unknown> {
  const hooks = worker.app.hooks;
  const hookData: HookData = {};
  let args = inputs;
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
    error = thrownError(thrown);
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
  return result;
}

/** What a function threw, as something that can be thrown on (a thrown null or undefined becomes an Error). */
function thrownError(thrown: unknown): unknown {
  return thrown ?? new Error('The function threw ' + String(thrown));
}

/**
 * Sends the response (unless the invocation was answered already) and forgets the invocation. A failure
 * to send is logged, as the dispatcher logs a failed handler.
 */
export function answer(
  worker: WorkerContext,
  invocation: ActiveInvocation,
  response: InvocationResponseInit,
): void {
  try {
    invocation.answer(response);
  } catch (error) {
    worker.logger.system(RpcLog_Level.Error, `Handling invocationRequest failed: ${errorMessage(error)}`);
  } finally {
    worker.invocations.finish(invocation);
  }
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

/** The Failure (or Cancelled) response for an invocation that threw `error`. */
function failedResponse(
  worker: WorkerContext,
  invocation: ActiveInvocation,
  error: unknown,
): InvocationResponseInit {
  const invocationId = invocation.invocationId;
  try {
    if (invocation.isCancelled) {
      return { invocationId, result: cancelledResult(invocation.cancelReason ?? 'Cancelled') };
    }
    const system = isSystemError(error);
    if (system) {
      worker.logger.system(RpcLog_Level.Error, errorMessage(error), invocationId);
    }
    return { invocationId, result: failureResult(error, { isUserException: !system }) };
  } catch (failure) {
    // Describing the error failed (say, a thrown object whose getters throw): answer with that failure.
    return { invocationId, result: failureResult(failure) };
  }
}
