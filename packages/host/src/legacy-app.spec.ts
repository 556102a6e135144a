import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHost, type RunningHost } from './host.js';
import { testApp } from './testing/fixtures.js';

describe('a function.json app on our worker (host indexing)', { timeout: 30_000 }, () => {
  let host: RunningHost;
  before(async () => {
    host = await startHost({ appDir: testApp('legacy'), port: 0 });
  });
  after(() => host?.stop());

  it('indexes the function.json folders and serves them', async () => {
    assert.deepEqual(
      host.functions.map((fn) => [fn.name, fn.trigger]),
      [
        ['body', 'httpTrigger'],
        ['greet', 'httpTrigger'],
        ['orders', 'manualTrigger'],
      ],
    );
    const response = await host.fetch('/api/greet?name=Ada');
    assert.equal(response.status, 200);
    assert.equal(await response.text(), 'Hi Ada');
    assert.ok((await host.invoke('orders', 'o-1')).ok);
    assert.ok(host.logs.some((r) => r.functionName === 'orders' && r.message === 'order o-1'));
  });

  it("parses a JSON body whatever its content type, as Microsoft's worker does", async () => {
    const body = async (contentType: string, payload: string | Buffer) => {
      const response = await host.fetch('/api/body', {
        method: 'POST',
        headers: { 'content-type': contentType },
        body: payload,
      });
      assert.equal(response.status, 200);
      return (await response.json()) as unknown;
    };
    assert.deepEqual(await body('text/plain', '{"kind":"json"}'), {
      type: 'object',
      body: { kind: 'json' },
      rawBody: '{"kind":"json"}',
    });
    assert.deepEqual(await body('application/x-www-form-urlencoded', '42'), {
      type: 'number',
      body: 42,
      rawBody: '42',
    });
    assert.deepEqual(await body('text/plain', 'not json'), {
      type: 'string',
      body: 'not json',
      rawBody: 'not json',
    });
    // Binary content types keep the bytes, JSON or not.
    assert.deepEqual(await body('application/octet-stream', '{"kind":"json"}'), {
      type: 'buffer',
      body: '{"kind":"json"}',
      rawBody: '{"kind":"json"}',
    });
    // The text is decoded by its byte order mark, as the host used to decode it.
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"bom":"utf-16"}', 'utf16le')]);
    assert.deepEqual(await body('text/plain', utf16), {
      type: 'object',
      body: { bom: 'utf-16' },
      rawBody: '{"bom":"utf-16"}',
    });
  });
});
