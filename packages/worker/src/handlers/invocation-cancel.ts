import { RpcLog_Level } from '@functions-rpc/protocol';
import type { Handler } from './handler.js';

/**
 * InvocationCancel: aborts the invocation's signal (`context.signal` in both programming models). One
 * that has not reached the user's function yet answers Cancelled without running it; a running one
 * answers Cancelled if it fails after the cancellation (user code that honours the signal throws).
 */
export const handleInvocationCancel: Handler<'invocationCancel'> = (worker, message) => {
  const { invocationId } = message.content.value;
  const found = worker.invocations.cancel(invocationId);
  worker.logger.system(
    RpcLog_Level.Debug,
    found
      ? `Cancelling invocation ${invocationId}`
      : `Cancel for invocation ${invocationId} that is not running`,
    found ? invocationId : '',
  );
};
