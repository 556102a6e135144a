import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { QueueServiceClient } from '@azure/storage-queue';
import { startHost, type RunningHost } from '../../host.js';
import { startAzurite, type Azurite } from '../../storage/azurite.js';
import {
  drainQueue,
  queueLength,
  sendMessages,
  writeQueueApp,
  type QueueAppOptions,
} from '../../testing/queues.js';

describe('queue listener settings (function.json app, real Azurite)', { timeout: 180_000 }, () => {
  let dir: string;
  let azurite: Azurite;
  let host: RunningHost | undefined;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'queue-listener-'));
    azurite = await startAzurite();
  });
  after(async () => {
    await host?.stop();
    await azurite.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** Starts a host on a fresh app (one queue per test, named after it). */
  const start = async (name: string, options: Omit<QueueAppOptions, 'values'>): Promise<RunningHost> => {
    await host?.stop();
    await writeQueueApp(join(dir, name), {
      ...options,
      values: { AzureWebJobsStorage: azurite.connectionString, WorkQueue: name },
    });
    host = await startHost({ appDir: join(dir, name), port: 0 });
    return host;
  };

  it('reads and writes messages verbatim with messageEncoding none', async () => {
    await start('plain', { queues: { messageEncoding: 'none' } });
    await sendMessages(azurite.connectionString, 'plain', ['not base64 at all!'], 'none');
    assert.deepEqual(await drainQueue(azurite.connectionString, 'done', 1, 30_000, 'none'), [
      'not base64 at all!',
    ]);
  });

  it('runs at most batchSize + newBatchThreshold messages at once', async () => {
    const running = await start('batches', {
      queues: { batchSize: 2, newBatchThreshold: 0 },
      echoDelayMs: 300,
    });
    const bodies = Array.from({ length: 8 }, (_, i) => `b-${i}`);
    await sendMessages(azurite.connectionString, 'batches', bodies);
    assert.deepEqual((await drainQueue(azurite.connectionString, 'done', 8, 60_000)).sort(), bodies);
    let now = 0;
    let most = 0;
    for (const record of running.logs.filter((r) => r.functionName === 'echo')) {
      if (/^Executing /.test(record.message)) most = Math.max(most, ++now);
      if (/^Executed /.test(record.message)) now--;
    }
    assert.equal(most, 2);
  });

  it('makes a failed message visible again after visibilityTimeout, then moves it to the poison queue', async () => {
    const running = await start('retried', { queues: { visibilityTimeout: '00:00:03', maxDequeueCount: 2 } });
    await sendMessages(azurite.connectionString, 'retried', ['fail twice']);
    assert.deepEqual(await drainQueue(azurite.connectionString, 'retried-poison', 1, 60_000), ['fail twice']);
    const attempts = running.logs.filter((r) => /failed for message .* \(attempt \d of 2\)/.test(r.message));
    assert.equal(attempts.length, 2);
    const waited = attempts[1]!.time.getTime() - attempts[0]!.time.getTime();
    assert.ok(waited >= 2500, `the second attempt came ${waited} ms after the first, not before the timeout`);
    assert.equal(await queueLength(azurite.connectionString, 'done'), 0);
  });

  it('keeps a message invisible while a long invocation runs, renewing it, and runs it once', async () => {
    const running = await start('slow', { queues: { fnrpcMessageLease: '00:00:04' }, echoDelayMs: 9000 });
    await sendMessages(azurite.connectionString, 'slow', ['long job']);
    assert.deepEqual(await drainQueue(azurite.connectionString, 'done', 1, 60_000), ['long job']);
    // Past two more lease periods: a message whose lease lapsed would have run again meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 9000));
    assert.equal(await queueLength(azurite.connectionString, 'done'), 0, 'it ran once');
    assert.equal(await queueLength(azurite.connectionString, 'slow'), 0, 'it was deleted');
    const executions = running.logs.filter((r) => r.functionName === 'echo' && /^Executing /.test(r.message));
    assert.equal(executions.length, 1);
  });

  it('moves a message dequeued more than maxDequeueCount times to the poison queue without running it', async () => {
    const queue = QueueServiceClient.fromConnectionString(azurite.connectionString).getQueueClient('worn');
    await sendMessages(azurite.connectionString, 'worn', ['worn out']);
    // Each receive counts as a dequeue; visible again at once.
    for (let i = 0; i < 3; i++)
      await queue
        .receiveMessages({ visibilityTimeout: 1 })
        .then(() => new Promise((r) => setTimeout(r, 1100)));
    const running = await start('worn', { queues: { maxDequeueCount: 2 } });
    assert.deepEqual(await drainQueue(azurite.connectionString, 'worn-poison', 1), ['worn out']);
    assert.equal(
      running.logs.filter((r) => r.functionName === 'echo' && /^Executing /.test(r.message)).length,
      0,
    );
    assert.ok(running.logs.some((r) => r.message.includes('Message has reached MaxDequeueCount of 2.')));
  });
});
