import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startHost } from '../host.js';
import { writeHelloApp } from '../testing/fixtures.js';
import { DEFAULT_REQUEST_BODY_LIMIT, requestBodyLimit } from './request-body-limit.js';

describe('FUNCTIONS_REQUEST_BODY_SIZE_LIMIT', { timeout: 30_000 }, () => {
  let dir: string;
  before(async () => (dir = await mkdtemp(join(tmpdir(), 'fnrpc-body-limit-'))));
  after(() => rm(dir, { recursive: true, force: true }));

  it('sets the request body limit from local.settings.json Values', async () => {
    const Values = { FUNCTIONS_WORKER_RUNTIME: 'node', FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: '1000' };
    await writeHelloApp(dir, 'ok', { localSettings: { Values } });
    const host = await startHost({ appDir: dir, port: 0 });
    try {
      const post = (size: number): Promise<number> =>
        host.fetch('/api/hello', { method: 'POST', body: 'x'.repeat(size) }).then((r) => r.status);
      assert.equal(await post(1000), 200);
      assert.equal(await post(1001), 413);
    } finally {
      await host.stop();
    }
  });

  it('comes from the environment too, may exceed 100 MB, and must be a whole number', () => {
    assert.equal(requestBodyLimit({}, {}), DEFAULT_REQUEST_BODY_LIMIT);
    assert.equal(requestBodyLimit({}, { FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: '209715200' }), 209_715_200);
    assert.equal(
      requestBodyLimit(
        { FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: '5' },
        { FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: '9' },
      ),
      5,
    );
    assert.throws(
      () => requestBodyLimit({ FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: '10MB' }, {}),
      /FUNCTIONS_REQUEST_BODY_SIZE_LIMIT must be a whole number of bytes, got '10MB'/,
    );
  });
});
