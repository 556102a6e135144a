import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { startHost, type RunningHost } from '../../host.js';
import { eventually, testApp } from '../../testing/fixtures.js';
import { drainQueue } from '../../testing/queues.js';

describe('blob trigger (real Azurite, real worker)', () => {
  let host: RunningHost;
  let storage: string;
  let service: BlobServiceClient;
  let outputs: ContainerClient;

  before(async () => {
    host = await startHost({ appDir: testApp('blobs'), port: 0, storage: 'memory' });
    storage = await host.storageConnectionString();
    service = BlobServiceClient.fromConnectionString(storage);
    outputs = service.getContainerClient('outputs');
    await outputs.createIfNotExists();
  });
  after(() => host?.stop());

  const upload = async (container: string, name: string, text: string) => {
    const client = service.getContainerClient(container);
    await client.createIfNotExists();
    await client
      .getBlockBlobClient(name)
      .upload(text, Buffer.byteLength(text), { metadata: { origin: 'test' } });
  };
  const runs = async (name: string) => {
    const reports: Record<string, unknown>[] = [];
    for await (const blob of outputs.listBlobsFlat({ prefix: `runs/${name}/` }))
      reports.push(
        JSON.parse((await outputs.getBlobClient(blob.name).downloadToBuffer()).toString()) as Record<
          string,
          unknown
        >,
      );
    return reports;
  };
  const waitForRuns = async (name: string, count: number) => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const found = await runs(name);
      if (found.length >= count || Date.now() > deadline) return found;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };

  it('runs a new blob once, with bytes, its path parameters and the metadata the reference host sends', async () => {
    await upload('uploads', 'photo.v1.txt', 'first content');
    const [report] = await waitForRuns('photo.v1', 1);
    assert.ok(report, 'the blob ran');
    assert.equal(report['isBuffer'], true);
    assert.equal(report['text'], 'first content');
    const metadata = report['metadata'] as Record<string, unknown>;
    assert.equal(metadata['name'], 'photo.v1');
    assert.equal(metadata['ext'], 'txt');
    assert.equal(metadata['blobTrigger'], 'uploads/photo.v1.txt');
    assert.match(String(metadata['uri']), /\/uploads\/photo\.v1\.txt$/);
    assert.deepEqual(metadata['metadata'], { origin: 'test' });
    const properties = metadata['properties'] as Record<string, unknown>;
    // The host sends PascalCase keys; the @azure/functions library camel-cases them.
    assert.equal(properties['contentLength'], 13);
    // As the .NET SDK's BlobType enum (Block = 0), serialized as a number.
    assert.equal(properties['blobType'], 0);
    assert.match(String(properties['lastModified']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00$/);
    assert.match(String(properties['contentHash']), /^[A-Za-z0-9+/]{22}==$/);
    // The .NET ETag struct, which Newtonsoft writes as an empty object.
    assert.deepEqual(properties['eTag'], {});
    assert.equal(
      (await outputs.getBlobClient('mirrored/photo.v1-copy.txt').downloadToBuffer()).toString(),
      'first content',
    );
    const receipts: string[] = [];
    for await (const blob of service
      .getContainerClient('azure-webjobs-hosts')
      .listBlobsFlat({ prefix: 'blobreceipts/' }))
      receipts.push(blob.name);
    assert.ok(
      receipts.some((name) =>
        /^blobreceipts\/[^/]+\/Host\.Functions\.mirror\/"?0x[0-9A-F]+"?\/uploads\/photo\.v1\.txt$/.test(name),
      ),
      `a receipt in azure-webjobs-hosts: ${receipts.join(', ')}`,
    );
  });

  it('leaves a blob whose name does not match the path alone: no run, no receipt', async () => {
    await upload('uploads', 'no-extension', 'ignored');
    await upload('uploads', 'matching.txt', 'runs');
    await waitForRuns('matching', 1);
    // A later scan than the one that ran matching.txt has seen no-extension too.
    await upload('uploads', 'matching-later.txt', 'runs');
    await waitForRuns('matching-later', 1);
    const receipts: string[] = [];
    for await (const blob of service
      .getContainerClient('azure-webjobs-hosts')
      .listBlobsFlat({ prefix: 'blobreceipts/' }))
      receipts.push(blob.name);
    assert.equal(
      receipts.filter((name) => name.endsWith('/uploads/no-extension')).length,
      0,
      'no receipt for the blob that does not match',
    );
    assert.ok(!host.logs.some((r) => r.message.includes('no-extension')), 'nothing logged about it');
  });

  it('runs a changed blob again, and after a restart runs neither version again', async () => {
    await upload('uploads', 'doc.txt', 'v1');
    await waitForRuns('doc', 1);
    await upload('uploads', 'doc.txt', 'v2');
    const both = await waitForRuns('doc', 2);
    assert.deepEqual(both.map((r) => r['text']).sort(), ['v1', 'v2']);
    await host.restart();
    await upload('uploads', 'after-restart.txt', 'later');
    await waitForRuns('after-restart', 1);
    assert.equal((await runs('doc')).length, 2, 'receipts keep a restarted host from running them again');
  });

  it('runs an existing blob on the first scan when it has no receipt', async () => {
    const hosts = service.getContainerClient('azure-webjobs-hosts');
    await upload('uploads', 'again.txt', 'once more');
    await waitForRuns('again', 1);
    for await (const blob of hosts.listBlobsFlat({ prefix: 'blobreceipts/' }))
      if (blob.name.endsWith('/uploads/again.txt')) await hosts.deleteBlob(blob.name);
    await host.restart();
    assert.equal((await waitForRuns('again', 2)).length, 2);
  });

  it('tries a failing blob poisonBlobThreshold times, then reports it on webjobs-blobtrigger-poison', async () => {
    await upload('doomed', 'bad.bin', 'xyz');
    const [poison] = await drainQueue(storage, 'webjobs-blobtrigger-poison', 1, 60_000);
    assert.ok(poison, 'a poison message');
    const message = JSON.parse(poison) as Record<string, unknown>;
    assert.equal(message['Type'], 'BlobTrigger');
    assert.equal(message['FunctionId'], 'Host.Functions.blobAlwaysFails');
    assert.equal(message['ContainerName'], 'doomed');
    assert.equal(message['BlobName'], 'bad.bin');
    await eventually(
      () =>
        host.logs.some((r) =>
          r.message.includes(
            "Blob 'doomed/bad.bin' is moved to queue 'webjobs-blobtrigger-poison': it failed 2 times",
          ),
        ),
      10_000,
      'the poison log',
    );
    const attempts = host.logs.filter((r) =>
      r.message.includes("Blob 'doomed/bad.bin' failed in 'blobAlwaysFails'"),
    );
    assert.equal(attempts.length, 2);
  });
});
