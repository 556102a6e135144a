import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { StreamingMessageSchema, type StreamingMessage } from './gen/FunctionRpc_pb.js';

type Content = StreamingMessage['content'];
type ContentInit = NonNullable<MessageInitShape<typeof StreamingMessageSchema>['content']>;

/** The name of one payload kind of `StreamingMessage.content`, such as `invocationRequest`. */
export type MessageKind = Exclude<Content['case'], undefined>;

/** The decoded payload type carried by messages of kind `K`. */
export type MessagePayload<K extends MessageKind> = Extract<Content, { case: K }>['value'];

/** What `create()` accepts for the payload of kind `K`: plain objects, nested messages optional. */
export type MessagePayloadInit<K extends MessageKind> = Extract<ContentInit, { case: K }>['value'];

/** A `StreamingMessage` whose content is known to be of kind `K`. */
export type StreamingMessageOf<K extends MessageKind> = Omit<StreamingMessage, 'content'> & {
  content: Extract<Content, { case: K }>;
};

/**
 * Builds a `StreamingMessage` of one kind from a plain payload.
 *
 * @param requestId Left empty by default, as the reference host does for everything but status requests.
 */
export function streamingMessage<K extends MessageKind>(
  kind: K,
  payload: MessagePayloadInit<K>,
  requestId = '',
): StreamingMessageOf<K> {
  const content = { case: kind, value: payload } as ContentInit;
  return create(StreamingMessageSchema, { requestId, content }) as StreamingMessageOf<K>;
}

/** Narrows a message to kind `K`, for use in `if` statements and filters. */
export function isMessageOf<K extends MessageKind>(
  message: StreamingMessage,
  kind: K,
): message is StreamingMessageOf<K> {
  return message.content.case === kind;
}
