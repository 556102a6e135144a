import { failureResult } from '@functions-rpc/protocol';
import { WorkerSystemError } from '../errors.js';
import { answer, runInvocation } from '../invocation/run-invocation.js';
import type { Handler } from './handler.js';

/**
 * InvocationRequest: runs the function (many may be in flight at once) and sends exactly one
 * InvocationResponse, whatever happens. `runInvocation` answers and never rejects, so nothing is chained
 * onto it here: each promise costs every invocation Node's promise hooks while AsyncLocalStorage is on.
 */
export const handleInvocationRequest: Handler<'invocationRequest'> = (worker, message) => {
  const request = message.content.value;
  const invocation = worker.invocations.start(request.invocationId, (response) =>
    worker.reply(message, 'invocationResponse', response),
  );
  if (!worker.terminating) {
    void runInvocation(worker, invocation, request, worker.control.idle);
    return;
  }
  const shuttingDown = new WorkerSystemError('The worker is shutting down.');
  answer(worker, invocation, { invocationId: request.invocationId, result: failureResult(shuttingDown) });
};
