import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startHost, type RunningHost } from '../host.js';
import { writeHelloApp } from '../testing/fixtures.js';
import { mergeCorsPolicy, parseCorsOrigins } from './cors.js';

const APP_ORIGIN = 'http://app.test:3000';

describe('CORS policy', () => {
  it('reads comma-separated origins without blanks or trailing slashes', () => {
    assert.deepEqual(parseCorsOrigins(' http://a.test/ ,https://b.test,, '), [
      'http://a.test',
      'https://b.test',
    ]);
  });

  it('takes each part from the options, else from local.settings.json, and refuses * with credentials', () => {
    const settings = { origins: ['http://a.test'], credentials: true };
    assert.equal(mergeCorsPolicy(undefined, undefined), undefined);
    assert.deepEqual(mergeCorsPolicy(undefined, settings), settings);
    assert.deepEqual(mergeCorsPolicy({ origins: ['http://b.test'] }, settings), {
      origins: ['http://b.test'],
      credentials: true,
    });
    assert.deepEqual(mergeCorsPolicy({ credentials: false }, settings), { ...settings, credentials: false });
    assert.throws(() => mergeCorsPolicy({ origins: ['*'] }, settings), /cannot be allowed for any origin/);
  });
});

describe('cross-origin requests', { timeout: 60_000 }, () => {
  let dir: string;
  let host: RunningHost;
  let localPort: number;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fnrpc-cors-'));
    localPort = await freePort();
    await writeHelloApp(dir, 'ok', {
      localSettings: { Host: { CORS: `${APP_ORIGIN},http://other.test`, LocalHttpPort: localPort } },
    });
    host = await startHost({ appDir: dir });
  });
  after(async () => {
    await host.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const executions = (): number =>
    host.logs.filter((record) => record.message.startsWith('Executing ')).length;

  it('listens on local.settings.json Host.LocalHttpPort when no port is given', () => {
    assert.equal(new URL(host.url).port, String(localPort));
  });

  it('lets an allowed origin read the answer, naming it, and says nothing to others', async () => {
    const allowed = await host.fetch('/api/hello', { headers: { origin: APP_ORIGIN } });
    assert.equal(await allowed.text(), 'ok');
    assert.equal(allowed.headers.get('access-control-allow-origin'), APP_ORIGIN);
    assert.equal(allowed.headers.get('vary'), 'Origin');
    assert.equal(allowed.headers.get('access-control-allow-credentials'), null);
    const other = await host.fetch('/api/hello', { headers: { origin: 'http://evil.test' } });
    assert.equal(await other.text(), 'ok');
    assert.equal(other.headers.get('access-control-allow-origin'), null);
    const plain = await host.fetch('/api/hello');
    assert.equal(plain.headers.get('access-control-allow-origin'), null);
  });

  it('answers a preflight with 204 and the requested method and headers, without running the function', async () => {
    const before = executions();
    const preflight = await host.fetch('/api/hello', {
      method: 'OPTIONS',
      headers: {
        origin: APP_ORIGIN,
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'x-custom, content-type',
      },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), APP_ORIGIN);
    assert.equal(preflight.headers.get('access-control-allow-methods'), 'PUT');
    assert.equal(preflight.headers.get('access-control-allow-headers'), 'x-custom, content-type');
    const refused = await host.fetch('/api/hello', {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.test', 'access-control-request-method': 'GET' },
    });
    assert.equal(refused.status, 204);
    assert.equal(refused.headers.get('access-control-allow-origin'), null);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(executions(), before);
  });

  it('allows any origin with *, and credentials only for listed origins', async () => {
    const any = await startHost({ appDir: dir, port: 0, cors: { origins: ['*'] } });
    try {
      const response = await any.fetch('/api/hello', { headers: { origin: 'http://anywhere.test' } });
      assert.equal(response.headers.get('access-control-allow-origin'), '*');
      assert.equal(response.headers.get('vary'), null);
    } finally {
      await any.stop();
    }
    const withCredentials = await startHost({ appDir: dir, port: 0, cors: { credentials: true } });
    try {
      const response = await withCredentials.fetch('/api/hello', { headers: { origin: APP_ORIGIN } });
      assert.equal(response.headers.get('access-control-allow-origin'), APP_ORIGIN);
      assert.equal(response.headers.get('access-control-allow-credentials'), 'true');
    } finally {
      await withCredentials.stop();
    }
    await assert.rejects(
      startHost({ appDir: dir, port: 0, cors: { origins: ['*'], credentials: true } }),
      /CORS credentials cannot be allowed for any origin/,
    );
  });
});

/** A port nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
