import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { streamingMessage } from '@functions-rpc/protocol';
import { PendingReplies } from './pending-replies.js';

describe('PendingReplies', () => {
  it('matches by kind and predicate, whatever the request id, first come first served', async () => {
    const pending = new PendingReplies();
    const a = pending.wait('functionLoadResponse', 'a', 1000, (r) => r.functionId === 'a');
    const b = pending.wait('functionLoadResponse', 'b', 1000, (r) => r.functionId === 'b');
    const status = pending.wait('workerStatusResponse', 'status', 1000, (_p, m) => m.requestId === 'id-1');
    assert.equal(
      pending.deliver(streamingMessage('functionLoadResponse', { functionId: 'b' }, 'stamped')),
      true,
    );
    assert.equal(pending.deliver(streamingMessage('workerStatusResponse', {}, 'other')), false);
    assert.equal(pending.deliver(streamingMessage('workerStatusResponse', {}, 'id-1')), true);
    assert.equal(pending.deliver(streamingMessage('functionLoadResponse', { functionId: 'a' })), true);
    assert.equal((await a).functionId, 'a');
    assert.equal((await b).functionId, 'b');
    await status;
  });

  it('times out naming what it waited for, and rejects current and later waits once closed', async () => {
    const pending = new PendingReplies();
    await assert.rejects(
      pending.wait('workerInitResponse', 'WorkerInitResponse', 10),
      /WorkerInitResponse did not arrive within 10 ms/,
    );
    const open = pending.wait('workerInitResponse', 'init', undefined);
    pending.rejectAll(new Error('worker gone'));
    await assert.rejects(open, /worker gone/);
    await assert.rejects(pending.wait('workerInitResponse', 'init', undefined), /worker gone/);
  });
});
