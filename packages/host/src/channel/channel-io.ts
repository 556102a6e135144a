import type { MessageKind, MessagePayloadInit } from '@functions-rpc/protocol';
import type { PendingReplies } from './pending-replies.js';

/** How a protocol step talks to its worker: send a message, wait for a reply. */
export interface ChannelIo {
  send<K extends MessageKind>(kind: K, payload: MessagePayloadInit<K>, requestId?: string): void;
  readonly pending: PendingReplies;
}
