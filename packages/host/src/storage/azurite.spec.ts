import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { QueueServiceClient } from '@azure/storage-queue';
import { startAzurite } from './azurite.js';

describe('Azurite', () => {
  it('runs in memory on free ports and serves the queue SDK', async () => {
    const azurite = await startAzurite();
    try {
      assert.match(azurite.queueEndpoint, /^http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1$/);
      const queue = QueueServiceClient.fromConnectionString(azurite.connectionString).getQueueClient('probe');
      await queue.create();
      await queue.sendMessage('hello');
      const { receivedMessageItems } = await queue.receiveMessages();
      assert.deepEqual(
        receivedMessageItems.map((m) => m.messageText),
        ['hello'],
      );
    } finally {
      await azurite.stop();
    }
  });

  it('keeps messages on disk across a restart on the same ports', async () => {
    const location = await mkdtemp(join(tmpdir(), 'azurite-'));
    try {
      const first = await startAzurite({ location });
      const port = (url: string): number => Number(new URL(url).port);
      const ports = {
        blob: port(first.blobEndpoint),
        queue: port(first.queueEndpoint),
        table: port(first.tableEndpoint),
      };
      const queue = (connection: string) =>
        QueueServiceClient.fromConnectionString(connection).getQueueClient('kept');
      await queue(first.connectionString).create();
      await queue(first.connectionString).sendMessage('survives');
      await first.stop();
      const second = await startAzurite({ location, ports });
      try {
        const { receivedMessageItems } = await queue(second.connectionString).receiveMessages();
        assert.deepEqual(
          receivedMessageItems.map((m) => m.messageText),
          ['survives'],
        );
      } finally {
        await second.stop();
      }
    } finally {
      await rm(location, { recursive: true, force: true });
    }
  });
});
