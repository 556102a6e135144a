import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { RpcTransportError } from '../stream/transport-error.js';
import { collect, connectPair, startServer } from '../testing/loopback.js';

const LIMIT = 4096;
const big = 'x'.repeat(LIMIT * 2);

describe('maxMessageLength on a real stream', { timeout: 15_000 }, () => {
  it('the host refuses an oversized worker -> host message and keeps serving', async () => {
    const server = await startServer({ maxMessageLength: LIMIT });
    try {
      const { client, worker } = await connectPair(server);
      client.send('rpcLog', { message: 'small' });
      client.send('rpcLog', { message: big });
      const end = await client.closed;
      assert.ok(end.error instanceof RpcTransportError);
      assert.equal(end.error.code, GrpcStatus.RESOURCE_EXHAUSTED);
      assert.match(end.error.details, /larger than max \(\d+ vs 4096\)/);
      assert.equal((await collect(worker, 1))[0]?.content.case, 'rpcLog', 'the small message got through');
      const atHost = (await worker.closed).error;
      assert.equal(atHost?.code, GrpcStatus.RESOURCE_EXHAUSTED, 'the host learns why too');
      assert.match(atHost.details, /Received message larger than max \(\d+ vs 4096\)/);

      const next = await connectPair(server);
      const echoed = collect(next.client, 1);
      next.worker.send('workerStatusRequest', {});
      assert.equal((await echoed)[0]?.content.case, 'workerStatusRequest');
      next.client.cancel();
    } finally {
      await server.close(0);
    }
  });

  it('the worker refuses an oversized host -> worker message', async () => {
    const server = await startServer();
    try {
      const { client, worker } = await connectPair(server, { maxMessageLength: LIMIT });
      worker.send('workerInitRequest', { hostVersion: big });
      const end = await client.closed;
      assert.ok(end.error instanceof RpcTransportError);
      assert.equal(end.error.code, GrpcStatus.RESOURCE_EXHAUSTED);
      assert.match(end.error.details, /larger than max \(\d+ vs 4096\)/);
      await worker.closed;

      const next = await connectPair(server, { maxMessageLength: LIMIT });
      const received = collect(next.client, 1);
      next.worker.send('workerStatusRequest', {});
      assert.equal((await received)[0]?.content.case, 'workerStatusRequest');
      next.client.cancel();
    } finally {
      await server.close(0);
    }
  });

  it("a sender's own limit stops an oversized message before it leaves", async () => {
    const server = await startServer({ maxMessageLength: LIMIT });
    try {
      const { client, worker } = await connectPair(server);
      worker.send('workerInitRequest', { hostVersion: big });
      const end = await client.closed;
      assert.ok(end.error instanceof RpcTransportError);
      assert.match(end.error.details, /larger than max/);
      await worker.closed;
    } finally {
      await server.close(0);
    }
  });
});
