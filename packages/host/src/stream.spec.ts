import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHost, type RunningHost } from './host.js';
import { testApp } from './testing/fixtures.js';

describe('HTTP streaming (enableHttpStream, HttpUri proxy mode)', { timeout: 30_000 }, () => {
  let host: RunningHost;
  before(async () => {
    host = await startHost({ appDir: testApp('stream'), port: 0 });
  });
  after(() => host?.stop());

  it('advertises HttpUri from the worker', () => {
    assert.match(
      host.status().workers[0]?.capabilities['HttpUri'] ?? '',
      /^http:\/\/(localhost|127\.0\.0\.1):\d+/,
    );
  });

  it('streams a large request body to the function', async () => {
    const body = new Uint8Array(8 * 1024 * 1024).fill(97);
    const response = await host.fetch('/api/count', { method: 'POST', body });
    assert.equal(response.status, 200);
    assert.equal(await response.text(), `received ${body.length} bytes`);
  });

  it('streams the response back in chunks as the function writes them', async () => {
    const response = await host.fetch('/api/ticks?count=4');
    assert.equal(response.status, 200);
    const reader = response.body!.getReader();
    const chunks: string[] = [];
    const decoder = new TextDecoder();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      chunks.push(decoder.decode(read.value));
    }
    assert.equal(chunks.join(''), 'tick 0\ntick 1\ntick 2\ntick 3\n');
    assert.ok(chunks.length > 1, `arrived in ${chunks.length} chunk(s)`);
  });
});
