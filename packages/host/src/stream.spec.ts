import assert from 'node:assert/strict';
import { Agent, request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { startHost, type RunningHost } from './host.js';
import { testApp } from './testing/fixtures.js';

describe('HTTP streaming (enableHttpStream, HttpUri proxy mode)', { timeout: 120_000 }, () => {
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

  it('answers 1,024 concurrent requests, again after the kept-alive connections to the worker sat idle', async () => {
    // One connection per request: the host must take a burst of 1,024 new connections, and open up to as many
    // to the worker; a pause near the worker's keep-alive timeout (5 s) then lets the host reuse connections
    // the worker is closing.
    const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
    const { hostname, port } = new URL(host.url);
    const post = (): Promise<string> =>
      new Promise((resolve) => {
        const outgoing = request(
          { hostname, port, agent, method: 'POST', path: '/api/count', headers: { 'content-length': 5 } },
          (response) => {
            let text = '';
            response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
            response.on('end', () => resolve(`${response.statusCode} ${text}`));
          },
        );
        outgoing.on('error', (error) => resolve(`error ${error.message}`));
        outgoing.end('hello');
      });
    for (const pauseMs of [0, 4800, 4900]) {
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
      const answers = await Promise.all(Array.from({ length: 1024 }, post));
      const failed = answers.filter((answer) => answer !== '200 received 5 bytes');
      assert.deepEqual(
        failed.slice(0, 5),
        [],
        `${failed.length} of 1,024 failed after a ${pauseMs} ms pause`,
      );
    }
  });
});
