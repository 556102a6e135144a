import { randomUUID } from 'node:crypto';
import type { MessageInitShape } from '@bufbuild/protobuf';
import {
  StatusResult_Status,
  type InvocationResponse,
  type MessagePayloadInit,
  type RpcLog,
  type StreamingMessage,
  type StreamingMessageOf,
  type TypedDataSchema,
} from '@functions-rpc/protocol';
import { traceContext, triggerBindingName } from '../rpc-http.js';
import type { HttpReply } from './http-reply.js';
import { check } from './verdict.js';
import type { IndexedKitFunction, WorkerSession } from './worker-session.js';

/** One invocation's answer: the response, its message, and the logs the worker sent for it before it. */
export interface KitInvocation {
  readonly response: InvocationResponse;
  readonly message: StreamingMessageOf<'invocationResponse'>;
  readonly logs: readonly RpcLog[];
}

/** An HTTP invocation that succeeded, with the response it wrote. */
export interface KitHttpInvocation extends KitInvocation {
  readonly reply: HttpReply;
}

/** Sends an InvocationRequest and waits for its response. */
export async function invoke(
  session: WorkerSession,
  request: MessagePayloadInit<'invocationRequest'>,
): Promise<KitInvocation> {
  const invocationId = request.invocationId || randomUUID();
  const logs: RpcLog[] = [];
  const stop = session.driver.stream.onMessage((message) => {
    if (message.content.case === 'rpcLog' && message.content.value.invocationId === invocationId)
      logs.push(message.content.value);
  });
  try {
    const message = await session.driver.request(
      'invocationRequest',
      { ...request, invocationId },
      'invocationResponse',
      (response) => response.invocationId === invocationId,
    );
    return { response: message.content.value, message, logs };
  } finally {
    stop();
  }
}

/** Fails the scenario unless the invocation succeeded. */
export function expectSuccess(fn: IndexedKitFunction, outcome: KitInvocation): void {
  const { result } = outcome.response;
  check(
    result?.status === StatusResult_Status.Success,
    `'${fn.name}' did not answer Success: ${result ? (StatusResult_Status[result.status] ?? result.status) : 'no result'}${
      result?.exception?.message ? ` (${result.exception.message})` : ''
    }`,
    outcome.message,
  );
}

/** An InvocationRequest for a non-HTTP trigger: the trigger's data and its trigger metadata. */
export function triggerInvocation(
  fn: IndexedKitFunction,
  input: MessageInitShape<typeof TypedDataSchema>,
  triggerMetadata: Record<string, MessageInitShape<typeof TypedDataSchema>>,
): MessagePayloadInit<'invocationRequest'> {
  return {
    invocationId: randomUUID(),
    functionId: fn.functionId,
    inputData: [{ name: triggerBindingName(fn), rpcData: { case: 'data', value: input } }],
    triggerMetadata,
    traceContext: traceContext(),
  };
}

/** A user log the worker sent whose message contains `text`, wherever and whenever it came. */
export function findLog(session: WorkerSession, text: string): StreamingMessageOf<'rpcLog'> | undefined {
  return session.driver.received.find(
    (message): message is StreamingMessageOf<'rpcLog'> =>
      message.content.case === 'rpcLog' && message.content.value.message.includes(text),
  );
}

/** Position of a message in what the worker sent. */
export function indexOfMessage(session: WorkerSession, message: StreamingMessage): number {
  return session.driver.received.indexOf(message);
}
