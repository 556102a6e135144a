import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { startHost, type RunningHost } from '../../host.js';
import { testApp } from '../../testing/fixtures.js';
import { drainQueue } from '../../testing/queues.js';
import { blobAppears, blobDigest, peakRss, resetPeakRss, uploadLargeBlob } from '../../testing/blobs.js';

const MIB = 1024 * 1024;
/** The size the issue asks for. */
const LARGE_MIB = 100;

describe('a 100 MB blob (real Azurite, real worker)', { timeout: 600_000 }, () => {
  let host: RunningHost;
  let service: BlobServiceClient;
  let outputs: ContainerClient;

  before(async () => {
    host = await startHost({ appDir: testApp('blobs'), port: 0, storage: 'memory' });
    service = BlobServiceClient.fromConnectionString(await host.storageConnectionString());
    outputs = service.getContainerClient('big-out');
  });
  after(() => host?.stop());

  /** Runs `step` and reports how far this process's peak RSS (the host's, the test holds a few MiB) rose. */
  const measured = async (
    t: { diagnostic(message: string): void },
    what: string,
    step: () => Promise<void>,
  ) => {
    const before = process.memoryUsage().rss;
    const measurable = await resetPeakRss();
    await step();
    if (measurable)
      t.diagnostic(
        `${what}: peak RSS ${Math.round((await peakRss()) / MIB)} MiB, ${(((await peakRss()) - before) / MIB / LARGE_MIB).toFixed(2)} × the blob above the RSS before (${Math.round(before / MIB)} MiB)`,
      );
  };

  it('goes from a blob trigger to an output blob intact', async (t) => {
    const target = outputs.getBlobClient('large.bin');
    let sent = { length: 0, sha256: '' };
    await measured(t, 'trigger to output', async () => {
      sent = await uploadLargeBlob(service.getContainerClient('big-in'), 'large.bin', LARGE_MIB * MIB);
      assert.ok(await blobAppears(target, 300_000), 'the output blob was written');
    });
    assert.deepEqual(await blobDigest(target), sent);
  });

  it('goes from a blob input to an output blob intact', async (t) => {
    let sent = { length: 0, sha256: '' };
    await measured(t, 'input to output', async () => {
      sent = await uploadLargeBlob(service.getContainerClient('big-src'), 'large.bin', LARGE_MIB * MIB);
      const run = await host.sendQueueMessage('big-read', 'large.bin');
      assert.equal((await run.ran).ok, true);
    });
    assert.deepEqual(await blobDigest(outputs.getBlobClient('read-large.bin')), sent);
  });
});

describe('a blob larger than a message to the worker may be', { timeout: 120_000 }, () => {
  let host: RunningHost;
  let service: BlobServiceClient;
  let storage: string;

  before(async () => {
    host = await startHost({
      appDir: testApp('blobs'),
      port: 0,
      storage: 'memory',
      maxMessageLength: MIB,
    });
    storage = await host.storageConnectionString();
    service = BlobServiceClient.fromConnectionString(storage);
  });
  after(() => host?.stop());

  it('fails the invocation that reads it as an input, without reaching the worker', async () => {
    await uploadLargeBlob(service.getContainerClient('big-src'), 'two.bin', 2 * MIB);
    const run = await host.sendQueueMessage('big-read', 'two.bin');
    const outcome = await run.ran;
    assert.equal(outcome.ok, false);
    assert.match(
      outcome.ok ? '' : outcome.message,
      /^Reading the inputs failed: '\w+': Blob 'big-src\/two\.bin' is 2097152 bytes, more than the 983040 bytes a message to the worker can carry \(the gRPC max message length of 1048576/,
    );
    assert.equal(host.status().workers.length, 1, 'the worker stayed');
  });

  it('sends a triggering blob to the poison queue at once, and still runs the blobs that fit', async () => {
    const small = await uploadLargeBlob(service.getContainerClient('big-in'), 'small.bin', 256 * 1024);
    await uploadLargeBlob(service.getContainerClient('big-in'), 'too-big.bin', 2 * MIB);
    const [poison] = await drainQueue(storage, 'webjobs-blobtrigger-poison', 1, 60_000);
    assert.ok(poison, 'a poison message');
    const message = JSON.parse(poison) as Record<string, unknown>;
    assert.equal(message['FunctionId'], 'Host.Functions.bigCopy');
    assert.equal(message['BlobName'], 'too-big.bin');
    assert.ok(
      host.logs.some(
        (r) =>
          r.level === 'Error' &&
          r.message.startsWith(
            "Blob 'big-in/too-big.bin' is moved to queue 'webjobs-blobtrigger-poison': Blob 'big-in/too-big.bin' is 2097152 bytes, more than",
          ),
      ),
    );
    assert.ok(!host.logs.some((r) => r.message.includes('New blob detected(BlockBlob): big-in/too-big.bin')));
    const copy = service.getContainerClient('big-out').getBlobClient('small.bin');
    assert.ok(await blobAppears(copy, 30_000));
    assert.deepEqual(await blobDigest(copy), small);
  });
});
