import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHost, type RunningHost } from '../../host.js';
import { blobRuns, createBlobApp, type BlobApp } from '../../testing/blobs.js';

/** Blobs uploaded while both hosts scan. */
const BLOBS = 40;

describe(
  'two hosts with one host id on one storage account (real Azurite, real workers)',
  { timeout: 180_000 },
  () => {
    let app: BlobApp;
    const hosts: RunningHost[] = [];

    before(async () => {
      app = await createBlobApp('blob-two-hosts-');
      for (let i = 0; i < 2; i++)
        hosts.push(await startHost({ appDir: app.dir, port: 0, hostId: 'blob-pair' }));
    });
    after(async () => {
      await Promise.all(hosts.map((host) => host.stop()));
      await app?.dispose();
    });

    it('runs each blob exactly once between them, through the receipts', async (t) => {
      const { incoming, runs } = app;
      const names = Array.from({ length: BLOBS }, (_, i) => `blob-${String(i).padStart(2, '0')}.txt`);
      for (const name of names) await incoming.getBlockBlobClient(name).upload(name, name.length);
      const executions = () =>
        hosts.map(
          (host) =>
            host.logs.filter((r) => r.message.startsWith("Executed 'Functions.copy' (Succeeded")).length,
        );
      const deadline = Date.now() + 120_000;
      while (executions().reduce((a, b) => a + b) < BLOBS && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 250));
      // A few more scans on both hosts, so that a second run of any blob would show.
      await new Promise((resolve) => setTimeout(resolve, 6000));
      const perBlob = await Promise.all(names.map(async (name) => (await blobRuns(runs, name)).length));
      t.diagnostic(`runs per host: ${executions().join(' and ')}`);
      assert.deepEqual(
        perBlob,
        names.map(() => 1),
        'one report per blob',
      );
      assert.equal(
        executions().reduce((a, b) => a + b),
        BLOBS,
        'one invocation per blob across both hosts',
      );
    });
  },
);
