import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { create } from '@bufbuild/protobuf';
import { streamingMessage, StreamingMessageSchema, type StreamingMessage } from '@functions-rpc/protocol';
import { ProtocolMonitor } from './protocol-monitor.js';

function monitor(): { sent: StreamingMessage[]; monitor: ProtocolMonitor } {
  const sent: StreamingMessage[] = [];
  return { sent, monitor: new ProtocolMonitor(sent) };
}

describe('ProtocolMonitor', () => {
  it('accepts each answer to what was asked, once', () => {
    const { sent, monitor: m } = monitor();
    sent.push(streamingMessage('workerInitRequest', {}));
    sent.push(streamingMessage('invocationRequest', { invocationId: 'i-1' }));
    sent.push(streamingMessage('functionLoadRequest', { functionId: 'f-1' }));
    sent.push(streamingMessage('workerStatusRequest', {}, 's-1'));
    m.observe(streamingMessage('workerInitResponse', {}));
    m.observe(streamingMessage('rpcLog', { invocationId: 'i-1', message: 'hi' }));
    m.observe(streamingMessage('invocationResponse', { invocationId: 'i-1' }));
    m.observe(streamingMessage('functionLoadResponse', { functionId: 'f-1' }));
    m.observe(streamingMessage('workerStatusResponse', {}, 's-1'));
    assert.deepEqual(m.violations, []);
  });

  it('reports unasked, repeated and wrong-direction messages, each with its reason', () => {
    const { sent, monitor: m } = monitor();
    sent.push(streamingMessage('invocationRequest', { invocationId: 'i-1' }));
    const observed = [
      streamingMessage('invocationResponse', { invocationId: 'i-1' }),
      streamingMessage('invocationResponse', { invocationId: 'i-1' }),
      streamingMessage('invocationResponse', { invocationId: 'i-9' }),
      streamingMessage('functionLoadResponse', { functionId: 'f-9' }),
      streamingMessage('workerStatusResponse', {}, 'never-asked'),
      streamingMessage('workerInitResponse', {}),
      streamingMessage('invocationRequest', { invocationId: 'i-2' }),
      streamingMessage('startStream', { workerId: 'w' }),
      create(StreamingMessageSchema, {}),
    ];
    for (const message of observed) m.observe(message);
    assert.deepEqual(
      m.violations.map((violation) => violation.reason),
      [
        "a second InvocationResponse for invocation 'i-1'",
        "an InvocationResponse for invocation 'i-9', which it never got",
        "a FunctionLoadResponse for function 'f-9', which no load request named",
        "a WorkerStatusResponse with request_id 'never-asked', which no status request carried",
        'a workerInitResponse with no workerInitRequest left to answer (1 replies to 0 requests)',
        'a invocationRequest, which only a host sends',
        'a second StartStream on an open stream',
        'an empty message (no kind set)',
      ],
    );
    assert.equal(m.violations[0]?.message, observed[1]);
  });
});
