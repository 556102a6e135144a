import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { startHost, type RunningHost } from '../../host.js';
import { testApp } from '../../testing/fixtures.js';

describe('blob inputs and outputs (real Azurite, real worker)', () => {
  let host: RunningHost;
  let outputs: ContainerClient;
  let inputs: ContainerClient;

  before(async () => {
    host = await startHost({ appDir: testApp('blobs'), port: 0, storage: 'memory' });
    const service = BlobServiceClient.fromConnectionString(await host.storageConnectionString());
    outputs = service.getContainerClient('outputs');
    inputs = service.getContainerClient('inputs');
    await inputs.createIfNotExists();
  });
  after(() => host?.stop());

  const text = async (name: string) => (await outputs.getBlobClient(name).downloadToBuffer()).toString();

  it('writes a returned object as compact JSON, the path from JSON message properties and a %setting%', async () => {
    const sent = await host.sendQueueMessage('orders-to-blob', JSON.stringify({ id: 'o-17', qty: 3 }));
    assert.equal((await sent.ran).ok, true);
    assert.equal(await text('orders/o-17.json'), '{"id":"o-17","qty":3,"handled":true}');
  });

  it('names a blob by {queueTrigger}, and a second output to the same path overwrites it', async () => {
    for (const message of ['note-1', 'note-1']) {
      const sent = await host.sendQueueMessage('text-to-blob', message);
      assert.equal((await sent.ran).ok, true);
    }
    assert.equal(await text('text/note-1.txt'), 'got note-1');
    const overwritten = await host.sendQueueMessage('orders-to-blob', JSON.stringify({ id: 'o-17' }));
    assert.equal((await overwritten.ran).ok, true);
    assert.equal(await text('orders/o-17.json'), '{"id":"o-17","handled":true}');
  });

  it('writes nothing for a failed invocation', async () => {
    const sent = await host.sendQueueMessage('blob-write-then-fail', 'lost');
    assert.equal((await sent.ran).ok, false);
    assert.equal(await outputs.getBlobClient('never/lost').exists(), false);
  });

  it('resolves an HTTP route parameter, a JSON body property, {DateTime} and {rand-guid}', async () => {
    const response = await fetch(`${host.url}/api/items/i-9`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'greeting', text: 'hello blob' }),
    });
    assert.equal(await response.text(), 'saved');
    assert.equal(await text('http/i-9/greeting.txt'), 'hello blob');
    const dated: string[] = [];
    for await (const blob of outputs.listBlobsFlat({ prefix: 'dated/' })) dated.push(blob.name);
    assert.equal(dated.length, 1);
    assert.match(
      dated[0]!,
      /^dated\/\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.bin$/,
    );
    assert.deepEqual([...(await outputs.getBlobClient(dated[0]!).downloadToBuffer())], [0, 1, 2, 255]);
  });

  it('reads an input blob as text (BOM dropped), and a missing blob as no value', async () => {
    const content = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('héllo')]);
    await inputs.getBlockBlobClient('hello.txt').upload(content, content.length);
    const found = await fetch(`${host.url}/api/read/hello.txt`);
    assert.deepEqual(await found.json(), { type: 'string', value: 'héllo' });
    const missing = await fetch(`${host.url}/api/read/no-such-blob`);
    assert.equal(missing.status, 200);
    // The reference host sends empty TypedData too; the @azure/functions library makes it undefined.
    assert.deepEqual(await missing.json(), { type: 'undefined', value: null });
  });

  it('reads an input blob as bytes for dataType binary', async () => {
    const content = Buffer.from([9, 0, 200]);
    await inputs.getBlockBlobClient('raw.bin').upload(content, content.length);
    const sent = await host.sendQueueMessage('read-bytes', 'raw.bin');
    assert.equal((await sent.ran).ok, true);
    assert.deepEqual(JSON.parse(await text('seen/raw.bin.json')), { isBuffer: true, bytes: [9, 0, 200] });
  });

  it('fails an invocation whose input path names a value the binding data lacks, without running it', async () => {
    const response = await fetch(`${host.url}/api/badInputPath`);
    assert.equal(response.status, 500);
    assert.ok(
      host.logs.some(
        (r) =>
          r.level === 'Error' &&
          r.category === 'Function.badInputPath' &&
          r.message.includes("No value for named parameter 'noSuchValue'."),
      ),
    );
  });
});
