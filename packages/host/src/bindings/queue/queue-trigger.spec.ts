import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { QueueServiceClient } from '@azure/storage-queue';
import { startHost, type RunningHost } from '../../host.js';
import { testApp } from '../../testing/fixtures.js';
import { drainQueue, queueLength } from '../../testing/queues.js';

describe('storage queues (real Azurite, real worker)', () => {
  let host: RunningHost;
  let storage: string;

  before(async () => {
    host = await startHost({ appDir: testApp('queues'), port: 0, storage: 'memory' });
    storage = await host.storageConnectionString();
  });
  after(() => host?.stop());

  it('runs a v4 storageQueue function for a message, with the input and metadata the reference host sends', async () => {
    const sent = await host.sendQueueMessage('orders', JSON.stringify({ id: 'a1', qty: 2 }));
    const outcome = await sent.ran;
    assert.equal(outcome.ok, true);
    const [seen] = await drainQueue(storage, 'seen', 1);
    const report = JSON.parse(seen!) as { type: string; message: unknown; metadata: Record<string, unknown> };
    // The host sends the text as `string`; the Node library parses JSON-looking strings itself.
    assert.equal(report.type, 'object');
    assert.deepEqual(report.message, { id: 'a1', qty: 2 });
    const { metadata } = report;
    assert.equal(metadata['id'], sent.messageId);
    assert.equal(metadata['dequeueCount'], 1);
    assert.deepEqual(metadata['queueTrigger'], { id: 'a1', qty: 2 });
    assert.match(String(metadata['insertionTime']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
    assert.match(String(metadata['nextVisibleTime']), /^\d{4}-\d\d-\d\dT/);
    assert.equal(typeof metadata['popReceipt'], 'string');
    assert.equal(metadata['qty'], 2, 'properties of a JSON message are metadata too');
    assert.equal(await queueLength(storage, 'orders'), 0, 'deleted after success');
  });

  it('moves a message that always fails to <queue>-poison after maxDequeueCount tries, logging each', async () => {
    const sent = await host.sendQueueMessage('doomed', 'bad order');
    const poison = await drainQueue(storage, 'doomed-poison', 1, 60_000);
    assert.deepEqual(poison, ['bad order']);
    const attempts = host.logs.filter(
      (r) =>
        r.message.includes(`message ${sent.messageId} of queue 'doomed'`) &&
        /attempt \d of 3/.test(r.message),
    );
    assert.deepEqual(
      attempts.map((r) => /attempt (\d) of 3/.exec(r.message)?.[1]),
      ['1', '2', '3'],
    );
    assert.ok(
      host.logs.some((r) => r.message.includes(`Moving message ${sent.messageId} to queue 'doomed-poison'`)),
    );
    assert.equal(await queueLength(storage, 'doomed'), 0);
  });

  it('writes one message per element of a returned array', async () => {
    const sent = await host.sendQueueMessage('fan-in', 'batch-7');
    assert.equal((await sent.ran).ok, true);
    const parts = (await drainQueue(storage, 'fan-out', 3)).map(
      (text) => JSON.parse(text) as { part: number; of: string },
    );
    assert.deepEqual(parts.map((p) => p.part).sort(), [1, 2, 3]);
    assert.ok(parts.every((p) => p.of === 'batch-7'));
  });

  it('writes no output for a failed invocation', async () => {
    const sent = await host.sendQueueMessage('write-then-fail', 'x');
    assert.equal((await sent.ran).ok, false);
    assert.equal(await queueLength(storage, 'never'), 0);
  });

  it('writes an HTTP function queue output before the response goes out', async () => {
    const response = await fetch(`${host.url}/api/enqueue`, { method: 'POST', body: 'from a request' });
    assert.equal(await response.text(), 'queued');
    assert.equal(
      await queueLength(storage, 'from-http'),
      1,
      'the message is there when the response arrives',
    );
    assert.deepEqual(await drainQueue(storage, 'from-http', 1), ['from a request']);
  });

  it('fails the invocation (500) when an output cannot be written, and says why at start', async () => {
    const response = await fetch(`${host.url}/api/badOutput`, { method: 'POST', body: 'x' });
    assert.equal(response.status, 500);
    const reported = host.logs.filter((r) => r.level === 'Error' && r.category === 'Function.badOutput');
    assert.ok(reported.some((r) => r.message.includes("'AzureWebJobsNoSuchSetting' does not exist")));
  });

  it('moves a message that is not base64 to the poison queue without running the function', async () => {
    const queue = QueueServiceClient.fromConnectionString(storage).getQueueClient('orders');
    await queue.createIfNotExists();
    const { messageId } = await queue.sendMessage('this is not base64!');
    const poison = await drainQueue(storage, 'orders-poison', 1);
    assert.deepEqual(poison.length, 1);
    assert.ok(
      host.logs.some(
        (r) =>
          r.level === 'Warning' &&
          r.message.includes('Message decoding has failed! Check MessageEncoding settings.') &&
          r.message.includes(messageId),
      ),
    );
  });

  it('still runs a queue function through the admin API', async () => {
    const outcome = await host.invoke('copy', '{"id":"by-hand"}');
    assert.equal(outcome.ok, true);
    const [seen] = await drainQueue(storage, 'seen', 1);
    assert.deepEqual((JSON.parse(seen!) as { message: unknown }).message, { id: 'by-hand' });
  });
});
