import { RpcLog_Level, successResult } from '@functions-rpc/protocol';
import type { Handler } from './handler.js';

/** WorkerWarmupRequest: nothing to warm up beyond what init did; answers Success. */
export const handleWorkerWarmupRequest: Handler<'workerWarmupRequest'> = (worker, message) => {
  worker.logger.system(RpcLog_Level.Debug, 'Worker received WorkerWarmupRequest');
  worker.reply(message, 'workerWarmupResponse', { result: successResult() });
};
