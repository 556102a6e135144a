import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startHost } from './host.js';
import { blobAppears, containersOf } from './testing/blobs.js';
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

  it('runs the blobs app: a blob trigger to an output blob, and blob inputs', { skip }, async () => {
    const host = await startHost({
      appDir: testApp('blobs'),
      port: 0,
      storage: 'memory',
      workerDirs: [workerDir!],
    });
    try {
      const container = containersOf(await host.storageConnectionString());
      const uploads = await container('uploads');
      await uploads.getBlockBlobClient('ms.txt').upload('from ms', 7, { metadata: { origin: 'ms' } });
      const outputs = await container('outputs');
      const copy = outputs.getBlobClient('mirrored/ms-copy.txt');
      assert.ok(await blobAppears(copy, 30_000), 'the blob trigger wrote its output');
      assert.equal((await copy.downloadToBuffer()).toString(), 'from ms');
      const reports: string[] = [];
      for await (const blob of outputs.listBlobsFlat({ prefix: 'runs/ms/' })) reports.push(blob.name);
      assert.equal(reports.length, 1, 'one run');
      const report = JSON.parse((await outputs.getBlobClient(reports[0]!).downloadToBuffer()).toString());
      assert.equal(report.isBuffer, true);
      assert.equal(report.metadata.name, 'ms');
      assert.equal(report.metadata.ext, 'txt');
      assert.equal(report.metadata.blobTrigger, 'uploads/ms.txt');
      assert.deepEqual(report.metadata.metadata, { origin: 'ms' });
      assert.equal(report.metadata.properties.contentLength, 7);

      const inputs = await container('inputs');
      await inputs.getBlockBlobClient('ms-in.txt').upload('héllo', Buffer.byteLength('héllo'));
      const text = await host.fetch('/api/read/ms-in.txt');
      assert.deepEqual(await text.json(), { type: 'string', value: 'héllo' });
      const missing = await host.fetch('/api/read/no-such-blob');
      assert.deepEqual(await missing.json(), { type: 'undefined', value: null });
      await inputs.getBlockBlobClient('ms.bin').upload(Buffer.from([7, 0, 255]), 3);
      const sent = await host.sendQueueMessage('read-bytes', 'ms.bin');
      assert.equal((await sent.ran).ok, true);
      const seen = await outputs.getBlobClient('seen/ms.bin.json').downloadToBuffer();
      assert.deepEqual(JSON.parse(seen.toString()), { isBuffer: true, bytes: [7, 0, 255] });
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
