import { failureResult } from '@functions-rpc/protocol';
import { WorkerSystemError } from '../errors.js';
import { runInvocation } from '../invocation/run-invocation.js';
import type { Handler } from './handler.js';

/**
 * InvocationRequest: runs the function (many may be in flight at once) and sends exactly one
 * InvocationResponse, whatever happens.
 */
export const handleInvocationRequest: Handler<'invocationRequest'> = async (worker, message) => {
  const request = message.content.value;
  const invocation = worker.invocations.start(request.invocationId, (response) =>
    worker.reply(message, 'invocationResponse', response),
  );
  try {
    if (worker.terminating) throw new WorkerSystemError('The worker is shutting down.');
    const idle = worker.control.idle;
    if (idle) await idle;
    invocation.answer(await runInvocation(worker, invocation, request));
  } catch (error) {
    invocation.answer({ invocationId: request.invocationId, result: failureResult(error) });
  } finally {
    worker.invocations.finish(invocation);
  }
};
