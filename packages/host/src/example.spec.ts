import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout } from 'node:timers/promises';
import { BlobServiceClient } from '@azure/storage-blob';
import { startHost, type RunningHost } from './host.js';
import { EXAMPLE_APP, eventually } from './testing/fixtures.js';
import { drainQueue } from './testing/queues.js';

describe('the example app (examples/hello) on our worker', { timeout: 60_000 }, () => {
  let host: RunningHost;
  before(async () => {
    // The app says UseDevelopmentStorage=true: a private in-memory Azurite rather than the default ports.
    host = await startHost({ appDir: EXAMPLE_APP, port: 0, enableAuth: true, storage: 'memory' });
  });
  after(() => host?.stop());

  it('lists its functions', () => {
    const names = host.functions.map((fn) => `${fn.name}:${fn.trigger}`).sort();
    assert.deepEqual(names, [
      'getUser:httpTrigger',
      'heartbeat:timerTrigger',
      'hello:httpTrigger',
      'placeOrder:httpTrigger',
      'processOrder:queueTrigger',
      'processSample:blobTrigger',
      'secret:httpTrigger',
    ]);
  });

  it('answers its HTTP functions, with route constraints and keys', async () => {
    assert.equal(await (await host.fetch('/api/hello?name=Ada')).text(), 'Hello, Ada!');
    const user = await host.fetch('/api/users/42');
    assert.equal(user.status, 200);
    assert.deepEqual(await user.json(), { id: 42, name: 'User 42' });
    assert.equal((await host.fetch('/api/users/abc')).status, 404);
    assert.equal((await host.fetch('/api/secret')).status, 401);
    assert.equal((await host.fetch(`/api/secret?code=${host.keys.function}`)).status, 200);
  });

  it('queues an order over HTTP, which the queue function processes and passes on', async () => {
    const response = await host.fetch('/api/orders', { method: 'POST', body: '{"orderId":7,"item":"tea"}' });
    assert.equal(response.status, 202);
    await eventually(
      () =>
        host.logs.some((r) => r.functionName === 'processOrder' && /Processing order.*tea/.test(r.message)),
      30_000,
      'the queue function to run',
    );
    const [shipment] = await drainQueue(await host.storageConnectionString(), 'shipments', 1);
    assert.equal((JSON.parse(shipment!) as { orderId: number }).orderId, 7);
  });

  it('runs the blob function for an uploaded blob, which writes its upper-cased copy', async () => {
    const blobs = BlobServiceClient.fromConnectionString(await host.storageConnectionString());
    const samples = blobs.getContainerClient('samples-in');
    await samples.createIfNotExists();
    const text = 'Hello, blob!';
    await samples.getBlockBlobClient('greeting.txt').upload(text, Buffer.byteLength(text));
    const copy = blobs.getContainerClient('samples-out').getBlobClient('greeting.txt');
    // The scanner looks every 2 s; the copy is written after the function returns.
    const deadline = Date.now() + 30_000;
    while (!(await copy.exists())) {
      assert.ok(Date.now() < deadline, 'the processed copy arrives within 30 s');
      await setTimeout(100);
    }
    assert.equal((await copy.downloadToBuffer()).toString(), 'HELLO, BLOB!');
    assert.ok(
      host.logs.some(
        (r) =>
          r.functionName === 'processSample' &&
          r.message === 'Processing blob samples-in/greeting.txt (12 bytes)',
      ),
    );
  });

  it('runs the queue function through the admin API', async () => {
    const response = await host.fetch('/admin/functions/processOrder', {
      method: 'POST',
      body: JSON.stringify({ input: 'order-1' }),
    });
    assert.equal(response.status, 202);
    await eventually(
      () => host.logs.some((r) => r.functionName === 'processOrder' && /Processing order/.test(r.message)),
      5000,
      'the queue function',
    );
  });

  it('runs the timer function through the admin API', async () => {
    const response = await host.fetch('/admin/functions/heartbeat', {
      method: 'POST',
      body: JSON.stringify({ input: '' }),
    });
    assert.equal(response.status, 202);
    await eventually(
      () => host.logs.some((r) => r.functionName === 'heartbeat' && r.message === 'Heartbeat'),
      5000,
      'the timer function',
    );
  });
});
