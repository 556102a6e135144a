import { cancelledResult, durationToMs, errorMessage, RpcLog_Level } from '@functions-rpc/protocol';
import { AppTerminateContext, runHooks } from '../core-api/hook-contexts.js';
import { consoleLog } from '../logging/console-log.js';
import type { WorkerContext } from '../worker-context.js';
import type { Handler } from './handler.js';

/** Grace period when the host sends none (the reference host's value). */
const DEFAULT_GRACE_MS = 5000;
/** Kept back from the grace period for answering, flushing the stream and exiting. */
const EXIT_MARGIN_MS = 250;

/**
 * WorkerTerminate: refuses new invocations, lets those in flight finish within the grace period (those
 * that do not are cancelled and answered Cancelled), runs the `appTerminate` hooks, ends the stream and
 * exits with code 0.
 */
export const handleWorkerTerminate: Handler<'workerTerminate'> = (worker, message) => {
  if (worker.terminating) return;
  worker.terminating = true;
  const graceMs = message.content.value.gracePeriod
    ? durationToMs(message.content.value.gracePeriod)
    : DEFAULT_GRACE_MS;
  void terminate(worker, graceMs);
};

async function terminate(worker: WorkerContext, graceMs: number): Promise<void> {
  const deadline = Date.now() + Math.max(0, graceMs - EXIT_MARGIN_MS);
  worker.logger.system(RpcLog_Level.Information, 'Received WorkerTerminate; shutting down the worker.');
  if (!(await worker.invocations.whenIdle(deadline - Date.now()))) cancelRemaining(worker);
  try {
    const app = worker.app;
    await withDeadline(
      runHooks(app.hooks.appTerminate, new AppTerminateContext(app.appLevelHookData, app.appHookData)),
      deadline,
    );
  } catch (error) {
    worker.logger.system(RpcLog_Level.Error, `An appTerminate hook failed: ${errorMessage(error)}`);
  }
  await withDeadline(worker.stream.end(), Date.now() + EXIT_MARGIN_MS);
  consoleLog(`Worker ${worker.args.workerId} terminated.`);
  process.exit(0);
}

function cancelRemaining(worker: WorkerContext): void {
  const reason = 'The worker terminated before the invocation completed.';
  for (const invocation of worker.invocations.active()) {
    invocation.cancel(reason);
    invocation.answer({ invocationId: invocation.invocationId, result: cancelledResult(reason) });
  }
}

async function withDeadline(work: Promise<unknown>, deadline: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>(
    (resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - Date.now()))),
  );
  try {
    await Promise.race([work.then(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
