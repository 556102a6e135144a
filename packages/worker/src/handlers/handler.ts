import type {
  MessageKind,
  MessagePayload,
  MessagePayloadInit,
  StreamingMessageOf,
} from '@functions-rpc/protocol';
import { errorMessage, RpcLog_Level } from '@functions-rpc/protocol';
import { isSystemError } from '../errors.js';
import type { WorkerContext } from '../worker-context.js';

/** Handles one kind of incoming message; it sends its own response(s). */
export type Handler<K extends MessageKind> = (
  worker: WorkerContext,
  message: StreamingMessageOf<K>,
) => void | Promise<void>;

/**
 * Answers a request exactly once: with what `compute` returns, or, if it throws, with what `onError`
 * builds from the error (system errors are logged too). The request_id is echoed.
 */
export async function respond<K extends MessageKind, R extends MessageKind>(
  worker: WorkerContext,
  message: StreamingMessageOf<K>,
  replyKind: R,
  compute: (payload: MessagePayload<K>) => Promise<MessagePayloadInit<R>> | MessagePayloadInit<R>,
  onError: (error: unknown, payload: MessagePayload<K>) => MessagePayloadInit<R>,
): Promise<void> {
  const payload = (message.content as { value: unknown }).value as MessagePayload<K>;
  let reply: MessagePayloadInit<R>;
  try {
    reply = await compute(payload);
  } catch (error) {
    if (isSystemError(error)) worker.logger.system(RpcLog_Level.Error, errorMessage(error));
    reply = onError(error, payload);
  }
  worker.reply(message, replyKind, reply);
}
