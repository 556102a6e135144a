import type { StreamingMessage } from '@functions-rpc/protocol';
import { RpcLog_Level } from '@functions-rpc/protocol';
import type { WorkerContext } from '../worker-context.js';

const reported = new Set<string>();

/** Any message kind the worker has no handler for: a System warning the first time, then ignored. */
export function handleUnknown(worker: WorkerContext, message: StreamingMessage): void {
  const kind = message.content.case ?? 'empty';
  if (reported.has(kind)) return;
  reported.add(kind);
  worker.logger.system(RpcLog_Level.Warning, `Worker ignores messages of kind '${kind}'`);
}
