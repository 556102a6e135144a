import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { FunctionRpcClient, FunctionRpcServer, workerArguments } from '@functions-rpc/protocol';
import { checkPeerProcess } from './peer-process.js';

/** Our worker, as the host launches it. */
const WORKER = fileURLToPath(new URL('../../../../worker/dist/bundle/main.js', import.meta.url));

describe(
  'StartStream only from the launched process or its descendants',
  { skip: process.platform !== 'linux', timeout: 30_000 },
  () => {
    let server: FunctionRpcServer;
    const children: ChildProcess[] = [];
    before(async () => {
      server = await FunctionRpcServer.listen({ host: '127.0.0.1', port: 0 });
    });
    after(async () => {
      for (const child of children) child.kill('SIGKILL');
      await server.close(0);
    });

    it('refuses a stranger that knows the worker id, then accepts a grandchild of the launched process', async () => {
      const workerId = randomUUID();
      let launched: number | undefined;
      const accepted = server.expectWorker(workerId, {
        timeoutMs: 20_000,
        verifyPeer: (peer) => checkPeerProcess(peer, server.port, launched),
      });
      // A sleeping child stands for the launched worker: the stranger (this process) is not below it.
      const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
      children.push(sleeper);
      launched = sleeper.pid;
      const stranger = FunctionRpcClient.connect({ uri: server.uri, workerId, requestId: 'r' });
      const end = await stranger.closed;
      assert.match(
        end.error?.message ?? '',
        /refused: the connection from port \d+ belongs to a process the host did not launch/,
      );

      // Now the real worker, started by a wrapper process: the host launched the wrapper.
      const args = [WORKER, ...workerArguments({ port: server.port, workerId, requestId: 'r' })];
      const script = `const c = require('node:child_process').spawn(process.execPath, ${JSON.stringify(args)}, { stdio: 'ignore' }); setTimeout(() => {}, 60_000); process.on('SIGTERM', () => { c.kill('SIGKILL'); process.exit(0); });`;
      const wrapper = spawn(process.execPath, ['-e', script], { stdio: 'ignore', detached: true });
      children.push(wrapper);
      launched = wrapper.pid;
      const stream = await accepted;
      assert.equal(stream.workerId, workerId);
      process.kill(-wrapper.pid!, 'SIGKILL');
    });

    it('finds a dual-stack client (an IPv6 socket reaching 127.0.0.1, as the .NET worker connects) by its mapped address', async () => {
      const plain = createServer();
      const accepted = once(plain, 'connection') as Promise<[Socket]>;
      plain.listen(0, '127.0.0.1');
      await once(plain, 'listening');
      const { port } = plain.address() as AddressInfo;
      const client = connect({ host: '::ffff:127.0.0.1', port });
      try {
        const [socket] = await accepted;
        assert.equal(socket.remoteAddress, '127.0.0.1');
        const peer = { address: socket.remoteAddress, port: socket.remotePort! };
        assert.equal(await checkPeerProcess(peer, port, process.pid), undefined);
      } finally {
        client.destroy();
        plain.close();
      }
    });
  },
);
