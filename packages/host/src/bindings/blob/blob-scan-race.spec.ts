import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ContainerClient } from '@azure/storage-blob';
import { startHost, type RunningHost } from '../../host.js';
import { eventually } from '../../testing/fixtures.js';
import { blobRuns, createBlobApp, type BlobApp } from '../../testing/blobs.js';

const blockId = (n: number): string => Buffer.from(`block-${n}`).toString('base64');

describe(
  'blobs written while the trigger scans them (real Azurite, real worker)',
  { timeout: 120_000 },
  () => {
    let app: BlobApp;
    let host: RunningHost;
    let incoming: ContainerClient;
    let runs: ContainerClient;

    before(async () => {
      // One at a time, so that the blobs run in listing order, one after the other.
      app = await createBlobApp('blob-race-', { blobs: { maxDegreeOfParallelism: 1 } });
      ({ incoming, runs } = app);
    });
    after(async () => {
      await host?.stop();
      await app?.dispose();
    });

    const put = (name: string, text: string) => incoming.getBlockBlobClient(name).upload(text, text.length);
    const until = async (check: () => Promise<boolean>) => {
      const deadline = Date.now() + 30_000;
      while (!(await check()) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 200));
    };
    const texts = async (name: string) => (await blobRuns(runs, name)).map((run) => run.text).sort();

    it('runs the committed version of a blob with staged blocks, and a version overwritten after the listing only in its new form', async () => {
      // All listed by the first scan and run in name order: `slow.txt` takes 4 s, and meanwhile the next is overwritten.
      await put('slow.txt', 'a');
      await put('then-overwritten.txt', 'b v1');
      await put('then-staged.txt', 'c v1');
      const c = incoming.getBlockBlobClient('then-staged.txt');
      await c.stageBlock(blockId(1), 'c v2', 4);
      host = await startHost({ appDir: app.dir, port: 0 });
      await eventually(
        () => host.logs.some((r) => r.message.includes('New blob detected(BlockBlob): incoming/slow.txt')),
        30_000,
        'the slow blob to start',
      );
      await put('then-overwritten.txt', 'b v2');
      await eventually(
        () =>
          host.logs.some((r) =>
            r.message.startsWith(
              "Blob 'incoming/then-overwritten.txt' changed or went away since it was listed",
            ),
          ),
        30_000,
        'the changed blob to be skipped',
      );
      await until(
        async () =>
          (await texts('then-overwritten.txt')).length > 0 && (await texts('then-staged.txt')).length > 0,
      );
      assert.deepEqual(await texts('then-staged.txt'), ['c v1'], 'the staged block is not read');
      await c.commitBlockList([blockId(1)]);
      await until(async () => (await texts('then-staged.txt')).length > 1);
      // Another scan or two, so that a second run of any version would show.
      await new Promise((resolve) => setTimeout(resolve, 5000));
      assert.deepEqual(await texts('slow.txt'), ['a']);
      assert.deepEqual(
        await texts('then-overwritten.txt'),
        ['b v2'],
        'the overwritten version is gone; its successor runs once',
      );
      assert.deepEqual(await texts('then-staged.txt'), ['c v1', 'c v2']);
    });
  },
);
