import assert from 'node:assert/strict';
import { createServer, type Http2Session } from 'node:http2';
import { describe, it } from 'node:test';
import { FunctionRpcClient } from './function-rpc-client.js';

describe('FunctionRpcClient flow control', { timeout: 10_000 }, () => {
  it('grants the host a 16 MiB window for the stream and the connection, not the 64 KiB default', async () => {
    const server = createServer();
    const sessions: Http2Session[] = [];
    const settled = new Promise<{ stream: number | undefined; connection: number | undefined }>((resolve) => {
      server.on('session', (session) => {
        sessions.push(session);
        // The client raises the connection window right after it sees the server's settings.
        session.on('stream', () =>
          setTimeout(
            () =>
              resolve({
                stream: session.remoteSettings.initialWindowSize,
                connection: session.state.remoteWindowSize,
              }),
            100,
          ),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    assert.ok(address && typeof address === 'object');
    const client = FunctionRpcClient.connect({ uri: `http://127.0.0.1:${address.port}`, workerId: 'w' });
    try {
      const window = await settled;
      assert.equal(window.stream, 16 * 1024 * 1024);
      assert.ok(
        (window.connection ?? 0) >= 16 * 1024 * 1024 - 65_535,
        `connection window ${window.connection}`,
      );
    } finally {
      client.cancel();
      for (const session of sessions) session.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
