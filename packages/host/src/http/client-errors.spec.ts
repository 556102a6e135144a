import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startHost, type RunningHost } from '../host.js';
import { eventually, testApp } from '../testing/fixtures.js';

/** Sends `head` and part of a body, then either hangs up or waits for the host to close the connection. */
function brokenUpload(url: string, head: string, body: string, hangUp: boolean): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(`${head}\r\n\r\n${body}`);
      if (hangUp) setTimeout(() => socket.destroy(), 300);
    });
    let answer = '';
    socket.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk));
    socket.on('close', () => resolve(answer));
    socket.on('error', () => undefined);
  });
}

/** Records of a function's end lines and the host's errors. */
function endLines(host: RunningHost, name: string): { level: string; message: string }[] {
  return host.logs
    .filter((r) => r.message.includes(`Executed 'Functions.${name}'`) || r.level === 'Error')
    .map(({ level, message }) => ({ level, message }));
}

for (const { app, fn, path, proxied } of [
  { app: 'basic', fn: 'hello', path: '/api/hello', proxied: false },
  { app: 'stream', fn: 'count', path: '/api/count', proxied: true },
]) {
  describe(
    `aborted and malformed uploads (${proxied ? 'HttpUri proxy' : 'RpcHttp'})`,
    { timeout: 30_000 },
    () => {
      let host: RunningHost;
      before(async () => {
        host = await startHost({ appDir: testApp(app), port: 0 });
      });
      after(() => host?.stop());

      it('are logged below Error and never as a failed function', async () => {
        const head = `POST ${path} HTTP/1.1\r\nhost: x\r\ncontent-length: 1000`;
        await brokenUpload(host.url, head, 'only ten b', true);
        const chunked = `POST ${path} HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked`;
        const answer = await brokenUpload(host.url, chunked, '5\r\nhello\r\nZZ-not-hex\r\n', false);
        assert.match(answer, /^HTTP\/1\.1 400 /);
        if (proxied) {
          await eventually(
            () => host.logs.some((r) => r.message.includes(`Executed 'Functions.${fn}' (Cancelled`)),
            10_000,
            'the cancelled invocation',
          );
        } else {
          await eventually(
            () => host.logs.filter((r) => / answered 400: /.test(r.message)).length >= 1,
            10_000,
            'the client error line',
          );
        }
        // The worker may still report its side a moment later.
        await new Promise((resolve) => setTimeout(resolve, 500));
        assert.deepEqual(
          endLines(host, fn).filter((line) => line.level === 'Error'),
          [],
        );
        assert.equal((await host.fetch(path, { method: 'POST', body: 'after' })).status, 200);
      });
    },
  );
}
