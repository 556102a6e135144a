/**
 * The messages the codec benchmark measures for a storage queue trigger: the InvocationRequest a host sends
 * for a JSON queue message (the message as a `string` input, the queue's trigger metadata and the message's
 * top-level properties beside it), and the worker's successful InvocationResponse with no outputs.
 */
import { StatusResult_Status, streamingMessage, type StreamingMessage } from '../src/index.js';

const INVOCATION_ID = '9d3c2b1a-7e6f-4a5b-8c9d-0e1f2a3b4c5d';
const body = '{"orderId":42,"sku":"widget","quantity":3}';

const text = (value: string) => ({ data: { case: 'string' as const, value } });
const json = (value: unknown) => ({ data: { case: 'json' as const, value: JSON.stringify(value) } });

/** A queue-triggered InvocationRequest with the metadata the Azure Storage queue trigger supplies. */
export function queueInvocationRequest(): StreamingMessage {
  return streamingMessage('invocationRequest', {
    invocationId: INVOCATION_ID,
    functionId: 'a1b2c3d4-0000-4000-8000-00000000f002',
    inputData: [{ name: 'queueItem', rpcData: { case: 'data', value: text(body) } }],
    triggerMetadata: {
      QueueTrigger: text(body),
      DequeueCount: json(1),
      ExpirationTime: json('2026-12-08T21:24:50+00:00'),
      InsertionTime: json('2026-12-01T21:24:50+00:00'),
      NextVisibleTime: json('2026-12-01T21:34:50+00:00'),
      Id: text('0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9'),
      PopReceipt: text('AgAAAAMAAAAAAAAAvuL0X7dD3AE='),
      orderId: text('42'),
      sku: text('widget'),
      quantity: text('3'),
    },
    traceContext: { traceParent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
  });
}

/** The worker's answer to it: success, no output bindings. */
export function queueInvocationResponse(): StreamingMessage {
  return streamingMessage('invocationResponse', {
    invocationId: INVOCATION_ID,
    result: { status: StatusResult_Status.Success },
  });
}
