import { RpcLog_Level } from '@functions-rpc/protocol';
import { warmUpFetchClassesFor } from '../app/warm-up-fetch-classes.js';
import type { Handler } from './handler.js';
import { loadFunction } from './load-function.js';

/** FunctionLoadRequestCollection: loads every function and answers with one response collection. */
export const handleFunctionLoadRequestCollection: Handler<'functionLoadRequestCollection'> = (
  worker,
  message,
) =>
  worker.control.run(async () => {
    const requests = message.content.value.functionLoadRequests;
    worker.logger.system(RpcLog_Level.Debug, `Worker received ${requests.length} function load requests`);
    const functionLoadResponses = [];
    // One after the other: loading user modules in parallel gains nothing and reorders their side effects.
    for (const request of requests) functionLoadResponses.push(await loadFunction(worker, request));
    worker.reply(message, 'functionLoadResponseCollection', { functionLoadResponses });
    warmUpFetchClassesFor(worker.app);
  });
