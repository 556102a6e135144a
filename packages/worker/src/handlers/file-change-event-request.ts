import { FileChangeEventRequest_Type, RpcLog_Level } from '@functions-rpc/protocol';
import type { Handler } from './handler.js';

/** FileChangeEventRequest: logged only; the host restarts workers itself when files change. */
export const handleFileChangeEventRequest: Handler<'fileChangeEventRequest'> = (worker, message) => {
  const { type, name, fullPath } = message.content.value;
  const kind = FileChangeEventRequest_Type[type] ?? String(type);
  worker.logger.system(RpcLog_Level.Information, `File change event: ${kind} '${name}' (${fullPath})`);
};
