import { failureResult, type InvocationRequest } from '@functions-rpc/protocol';
import { WorkerSystemError } from '../errors.js';
import type { ActiveInvocation, InvocationResponseInit } from '../invocation/active-invocation.js';
import { runInvocation } from '../invocation/run-invocation.js';
import type { WorkerContext } from '../worker-context.js';
import type { Handler } from './handler.js';

/**
 * InvocationRequest: runs the function (many may be in flight at once) and sends exactly one
 * InvocationResponse, whatever happens. Written with plain promise chaining rather than async/await:
 * this runs for every invocation, and each await would add a promise and a microtask turn.
 */
export const handleInvocationRequest: Handler<'invocationRequest'> = (worker, message) => {
  const request = message.content.value;
  const invocation = worker.invocations.start(request.invocationId, (response) =>
    worker.reply(message, 'invocationResponse', response),
  );
  if (worker.terminating) {
    finish(worker, invocation, failed(request, new WorkerSystemError('The worker is shutting down.')));
    return;
  }
  const idle = worker.control.idle;
  const running = idle
    ? idle.then(() => runInvocation(worker, invocation, request))
    : runInvocation(worker, invocation, request);
  return running.then(
    (response) => finish(worker, invocation, response),
    (error: unknown) => finish(worker, invocation, failed(request, error)),
  );
};

function finish(worker: WorkerContext, invocation: ActiveInvocation, response: InvocationResponseInit): void {
  try {
    invocation.answer(response);
  } finally {
    worker.invocations.finish(invocation);
  }
}

function failed(request: InvocationRequest, error: unknown): InvocationResponseInit {
  return { invocationId: request.invocationId, result: failureResult(error) };
}
