import type { Handler } from './handler.js';

/** WorkerStatusRequest: answered at once (the host measures the round trip), echoing request_id. */
export const handleWorkerStatusRequest: Handler<'workerStatusRequest'> = (worker, message) => {
  worker.reply(message, 'workerStatusResponse', {});
};
