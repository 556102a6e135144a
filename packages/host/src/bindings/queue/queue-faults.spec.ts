import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startHost, type RunningHost } from '../../host.js';
import { startAzurite, type Azurite } from '../../storage/azurite.js';
import { eventually } from '../../testing/fixtures.js';
import { drainQueue, sendMessages, writeQueueApp } from '../../testing/queues.js';

const port = (url: string): number => Number(new URL(url).port);
const ids = (prefix: string, count: number): string[] =>
  Array.from({ length: count }, (_, i) => `${prefix}-${i}`);

describe('queue listener when storage goes away (function.json app, Azurite on disk)', () => {
  let dir: string;
  let azurite: Azurite;
  let ports: { blob: number; queue: number; table: number };
  let host: RunningHost | undefined;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'queue-faults-'));
    azurite = await startAzurite({ location: join(dir, 'storage') });
    ports = {
      blob: port(azurite.blobEndpoint),
      queue: port(azurite.queueEndpoint),
      table: port(azurite.tableEndpoint),
    };
    await writeQueueApp(join(dir, 'app'), {
      values: { AzureWebJobsStorage: azurite.connectionString },
      queues: { maxPollingInterval: '00:00:01' },
    });
  });
  after(async () => {
    await host?.stop();
    await azurite.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const restartAzurite = async (): Promise<void> => {
    azurite = await startAzurite({ location: join(dir, 'storage'), ports });
  };
  const storageErrors = (): number =>
    host!.logs.filter((r) => r.level === 'Error' && r.message.includes("cannot read queue 'work'")).length;

  it('starts without storage, serves HTTP meanwhile, and processes what waited in storage once it is back', async () => {
    const waiting = ids('before', 10);
    await sendMessages(azurite.connectionString, 'work', waiting);
    await azurite.stop();
    host = await startHost({ appDir: join(dir, 'app'), port: 0 });
    await eventually(() => storageErrors() === 1, 30_000, 'the storage error to be logged');
    assert.equal(await (await fetch(`${host.url}/api/ping`)).text(), 'pong');
    await restartAzurite();
    const done = await drainQueue(azurite.connectionString, 'done', waiting.length, 60_000);
    assert.deepEqual(done.sort(), waiting.sort());
    assert.ok(host.logs.some((r) => r.message.includes("reads queue 'work' again")));
  });

  it('backs off while storage is gone, keeps HTTP working, and recovers by itself', async () => {
    await azurite.stop();
    await eventually(() => storageErrors() === 2, 30_000, 'the second outage to be logged');
    assert.equal(await (await fetch(`${host!.url}/api/ping`)).text(), 'pong');
    await restartAzurite();
    const later = ids('after', 5);
    await sendMessages(azurite.connectionString, 'work', later);
    const done = await drainQueue(azurite.connectionString, 'done', later.length, 60_000);
    assert.deepEqual(done.sort(), later.sort());
  });
});
