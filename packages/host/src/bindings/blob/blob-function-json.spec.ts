import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BlobServiceClient } from '@azure/storage-blob';
import { startHost, type RunningHost } from '../../host.js';
import { testApp } from '../../testing/fixtures.js';

describe('function.json blob bindings (real Azurite, real worker)', () => {
  let host: RunningHost;

  before(async () => {
    host = await startHost({ appDir: testApp('blobs-legacy'), port: 0, storage: 'memory' });
  });
  after(() => host?.stop());

  it('reads a blob in and writes it back out, both paths from the route', async () => {
    const post = (text: string) => fetch(`${host.url}/api/notes/n1`, { method: 'POST', body: text });
    assert.equal(await (await post('a')).text(), 'new');
    assert.equal(await (await post('b')).text(), 'had a');
    const service = BlobServiceClient.fromConnectionString(await host.storageConnectionString());
    const blob = service.getContainerClient('notes').getBlobClient('n1.txt');
    assert.equal((await blob.downloadToBuffer()).toString(), 'ab');
  });
});
