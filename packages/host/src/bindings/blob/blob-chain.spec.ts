import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHost, type RunningHost } from '../../host.js';
import { eventually } from '../../testing/fixtures.js';
import type { ContainerClient } from '@azure/storage-blob';
import { blobAppears, createBlobApp, type BlobApp } from '../../testing/blobs.js';

/** The names of the blobs under `prefix`, once there is one; none after `timeoutMs`. */
async function blobNames(container: ContainerClient, prefix: string, timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const names: string[] = [];
    for await (const blob of container.listBlobsFlat({ prefix })) names.push(blob.name);
    if (names.length > 0 || Date.now() > deadline) return names;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe(
  'a blob output wakes the blob trigger of its container (real Azurite, real worker)',
  { timeout: 120_000 },
  () => {
    let app: BlobApp;
    let host: RunningHost;

    before(async () => {
      // Ten minutes between scans: within the test, only a first scan or a wake can find a blob.
      app = await createBlobApp('blob-chain-', { chain: true, blobs: { fnrpcScanInterval: '00:10:00' } });
    });
    after(async () => {
      await host?.stop();
      await app?.dispose();
    });

    it("runs a blob that another function's output wrote at once, not at the next scan", async () => {
      await app.runs.createIfNotExists();
      await app.runs.getBlockBlobClient('sentinel/first.json').upload('{}', 2);
      // `copy` takes 4 s on a `slow` blob, so `chain` has made its first scan when the report is written.
      await app.incoming.getBlockBlobClient('slow-1.txt').upload('one', 3);
      host = await startHost({ appDir: app.dir, port: 0 });
      const index = (text: string) => host.logs.findIndex((r) => r.message.includes(text));
      await eventually(
        () => index("Executed 'Functions.copy' (Succeeded") >= 0,
        60_000,
        'copy to run the uploaded blob',
      );
      const firstScanRan = index('New blob detected(BlockBlob): runs/sentinel/first.json');
      assert.ok(firstScanRan >= 0, "chain's first scan is done before copy writes its report");
      assert.ok(firstScanRan < index("Executed 'Functions.copy' (Succeeded"), 'first scan before the write');
      const [report] = await blobNames(app.runs, 'slow-1.txt/', 30_000);
      assert.ok(report, 'copy wrote its report');
      assert.ok(
        await blobAppears(app.chained.getBlobClient(report), 60_000),
        'chain ran the report long before its next scan',
      );
    });
  },
);
