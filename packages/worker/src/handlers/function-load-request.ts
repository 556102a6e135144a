import { RpcLog_Level } from '@functions-rpc/protocol';
import { warmUpFetchClassesFor } from '../app/warm-up-fetch-classes.js';
import type { Handler } from './handler.js';
import { loadFunction } from './load-function.js';

/** FunctionLoadRequest: loads one function and answers with its function_id. */
export const handleFunctionLoadRequest: Handler<'functionLoadRequest'> = (worker, message) =>
  worker.control.run(async () => {
    worker.logger.system(RpcLog_Level.Debug, `Worker ${worker.args.workerId} received FunctionLoadRequest`);
    worker.reply(message, 'functionLoadResponse', await loadFunction(worker, message.content.value));
    warmUpFetchClassesFor(worker.app);
  });
