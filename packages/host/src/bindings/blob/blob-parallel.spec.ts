import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHost, type RunningHost } from '../../host.js';
import { eventually } from '../../testing/fixtures.js';
import { blobRuns, createBlobApp, type BlobApp, type BlobRun } from '../../testing/blobs.js';

/** host.json `extensions.blobs.maxDegreeOfParallelism` of the app. */
const BOUND = 3;
/** Blobs of 4 s each (`slow…`): three rounds at the bound. */
const BLOBS = 9;

/** The most runs that overlapped at any moment. */
function mostAtOnce(runs: readonly BlobRun[]): number {
  const edges = runs.flatMap((run) => [
    { at: run.started, step: 1 },
    { at: run.ended, step: -1 },
  ]);
  // An end before a start at the same millisecond: touching runs do not overlap.
  edges.sort((a, b) => a.at - b.at || a.step - b.step);
  let now = 0;
  let most = 0;
  for (const edge of edges) most = Math.max(most, (now += edge.step));
  return most;
}

describe('blob trigger runs blobs concurrently (real Azurite, real worker)', { timeout: 180_000 }, () => {
  let app: BlobApp;
  let host: RunningHost;

  before(async () => {
    app = await createBlobApp('blob-parallel-', { blobs: { maxDegreeOfParallelism: BOUND } });
  });
  after(async () => {
    await host?.stop();
    await app?.dispose();
  });

  it('runs several blob versions at once, never more than maxDegreeOfParallelism, each once', async (t) => {
    const names = Array.from({ length: BLOBS }, (_, i) => `slow-${i}.txt`);
    await Promise.all(names.map((name) => app.incoming.getBlockBlobClient(name).upload(name, name.length)));
    host = await startHost({ appDir: app.dir, port: 0 });
    const succeeded = () =>
      host.logs.filter((r) => r.message.startsWith("Executed 'Functions.copy' (Succeeded")).length;
    await eventually(() => succeeded() >= BLOBS, 120_000, 'every blob to run');
    // Another scan or two, so that a second run of any version would show.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const runs = await Promise.all(names.map((name) => blobRuns(app.runs, name)));
    assert.deepEqual(
      runs.map((r) => r.length),
      names.map(() => 1),
      'one run per blob',
    );
    assert.equal(succeeded(), BLOBS, 'one invocation per blob');
    const most = mostAtOnce(runs.flat());
    t.diagnostic(`at most ${most} at once`);
    assert.ok(most > 1, `blobs ran one at a time (${most})`);
    assert.ok(most <= BOUND, `${most} ran at once, more than ${BOUND}`);
  });
});
