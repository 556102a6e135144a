import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startHost } from './host.js';
import { drainQueue } from './testing/queues.js';
import { eventually, testApp } from './testing/fixtures.js';

const workerDir = process.env['FNRPC_MS_NODE_WORKER_DIR'];
const skip = workerDir
  ? false
  : 'FNRPC_MS_NODE_WORKER_DIR is not set (a folder holding its worker.config.json)';

describe("Microsoft's Node.js worker", { timeout: 60_000 }, () => {
  it('runs the basic app from its own worker.config.json', { skip }, async () => {
    const host = await startHost({ appDir: testApp('basic'), port: 0, workerDirs: [workerDir!] });
    try {
      const [worker] = host.status().workers;
      assert.ok(worker?.workerVersion, 'the worker reports its version');
      assert.equal(worker.capabilities['HandlesWorkerTerminateMessage'], 'true');
      const response = await host.fetch('/api/hello?name=ms');
      assert.equal(response.status, 200);
      assert.match(await response.text(), /^Hello, ms!/);
      assert.ok((await host.invoke('queued', 'from ms')).ok);
      await eventually(
        () => host.logs.some((r) => r.message === 'starter ran, isPastDue=false'),
        5000,
        'the timer',
      );
      assert.equal((await host.fetch('/api/crash')).status, 500);
      assert.equal((await host.fetch('/api/hello')).status, 200, 'served by the restarted worker');
    } finally {
      await host.stop();
    }
  });

  it('runs a storage queue function fed by the host, with its queue output', { skip }, async () => {
    const host = await startHost({
      appDir: testApp('queues'),
      port: 0,
      storage: 'memory',
      workerDirs: [workerDir!],
    });
    try {
      const sent = await host.sendQueueMessage('orders', JSON.stringify({ id: 'ms1', qty: 1 }));
      assert.equal((await sent.ran).ok, true);
      const [seen] = await drainQueue(await host.storageConnectionString(), 'seen', 1);
      const report = JSON.parse(seen!) as { message: unknown; metadata: Record<string, unknown> };
      assert.deepEqual(report.message, { id: 'ms1', qty: 1 });
      assert.equal(report.metadata['id'], sent.messageId);
      assert.equal(report.metadata['dequeueCount'], 1);
    } finally {
      await host.stop();
    }
  });

  it(
    'runs function.json table bindings: an entity read, changed and written back, and a query',
    { skip },
    async () => {
      const host = await startHost({
        appDir: testApp('tables-legacy'),
        port: 0,
        storage: 'memory',
        workerDirs: [workerDir!],
      });
      try {
        const visit = async (id: string) =>
          (await host.fetch(`/api/visits/${id}`, { method: 'POST' })).text();
        assert.deepEqual([await visit('m'), await visit('m'), await visit('n')], ['1', '2', '1']);
        assert.equal(await (await host.fetch('/api/recent?min=2')).text(), 'm:2');
      } finally {
        await host.stop();
      }
    },
  );
});
