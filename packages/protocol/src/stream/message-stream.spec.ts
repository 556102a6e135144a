import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { status as GrpcStatus } from '@grpc/grpc-js';
import type { StreamingMessage } from '../gen/FunctionRpc_pb.js';
import { isMessageOf } from '../message-kind.js';
import type { FunctionRpcServer } from '../server/function-rpc-server.js';
import { collect, connectPair, startServer } from '../testing/loopback.js';
import { RpcTransportError } from './transport-error.js';

const logMessages = (messages: readonly StreamingMessage[]): string[] =>
  messages.map((message) => (isMessageOf(message, 'rpcLog') ? message.content.value.message : '?'));

describe('EventStream over loopback', { timeout: 20_000 }, () => {
  let server: FunctionRpcServer;
  before(async () => (server = await startServer()));
  after(() => server.close(0));

  it('carries 5,000 messages each way in order, none lost', async (t) => {
    const { client, worker } = await connectPair(server);
    t.after(() => client.cancel());
    const count = 5000;
    const atHost = collect(worker, count);
    const atWorker = collect(client, count);
    for (let i = 0; i < count; i++) {
      client.send('rpcLog', { message: `w${i}` });
      worker.send('invocationCancel', { invocationId: `h${i}` });
    }
    const expectedAtHost = Array.from({ length: count }, (_, i) => `w${i}`);
    assert.deepEqual(logMessages(await atHost), expectedAtHost);
    const ids = (await atWorker).map((message) =>
      isMessageOf(message, 'invocationCancel') ? message.content.value.invocationId : '?',
    );
    assert.deepEqual(
      ids,
      Array.from({ length: count }, (_, i) => `h${i}`),
    );
  });

  it('keeps several concurrent streams apart', async (t) => {
    const pairs = await Promise.all([1, 2, 3, 4].map(() => connectPair(server)));
    t.after(() => pairs.forEach(({ client }) => client.cancel()));
    assert.equal(new Set(pairs.map(({ worker }) => worker.workerId)).size, 4);
    const echoes = pairs.map(({ client }) => collect(client, 50));
    for (const { worker } of pairs) {
      worker.onMessage((message) => worker.sendMessage(message));
    }
    for (const { client, worker } of pairs) {
      for (let i = 0; i < 50; i++) client.send('rpcLog', { message: `${worker.workerId}:${i}` });
    }
    const received = await Promise.all(echoes);
    received.forEach((messages, index) => {
      const id = pairs[index]!.worker.workerId;
      assert.deepEqual(
        logMessages(messages),
        Array.from({ length: 50 }, (_, i) => `${id}:${i}`),
      );
    });
  });

  it('hands StartStream request id and worker id to the host', async (t) => {
    const { client, worker } = await connectPair(server, { requestId: 'req-77', workerId: 'worker-77' });
    t.after(() => client.cancel());
    assert.equal(worker.workerId, 'worker-77');
    assert.equal(worker.startRequestId, 'req-77');
  });

  it('closes cleanly on both sides when the worker ends', async () => {
    const { client, worker } = await connectPair(server);
    assert.deepEqual(await client.end(), {});
    assert.deepEqual(await worker.closed, {});
    assert.equal(client.isOpen, false);
    assert.equal(worker.isOpen, false);
    assert.equal(client.send('rpcLog', { message: 'too late' }), false);
  });

  it('closes cleanly on both sides when the host ends', async () => {
    const { client, worker } = await connectPair(server);
    assert.deepEqual(await worker.end(), {});
    assert.deepEqual(await client.closed, {});
  });

  it('delivers what the worker sent before the host ends when the worker ends', async () => {
    const { client, worker } = await connectPair(server);
    client.send('rpcLog', { message: 'last words' });
    await client.end();
    assert.deepEqual(logMessages(await collect(worker, 1)), ['last words']);
  });

  it('reports CANCELLED to the host when the worker cancels', async () => {
    const { client, worker } = await connectPair(server);
    client.cancel();
    assert.deepEqual(await client.closed, {});
    const end = await worker.closed;
    assert.ok(end.error instanceof RpcTransportError);
    assert.equal(end.error.code, GrpcStatus.CANCELLED);
  });

  it('reports an error to the worker when the host cancels', async () => {
    const { client, worker } = await connectPair(server);
    worker.cancel();
    const end = await client.closed;
    assert.ok(end.error instanceof RpcTransportError, 'the client sees the stream fail');
    assert.equal(end.error.code, GrpcStatus.CANCELLED);
    assert.match(end.error.details, /host cancelled/);
    assert.deepEqual(await worker.closed, {});
  });

  it('drops sends after end() and takes repeated end() and cancel() calmly', async () => {
    const { client, worker } = await connectPair(server);
    const ending = worker.end();
    assert.equal(worker.send('workerStatusRequest', {}), false);
    worker.cancel();
    worker.cancel();
    assert.deepEqual(await ending, {});
    assert.deepEqual(await worker.end(), {});
    assert.deepEqual(await client.closed, {});
    client.cancel();
    assert.deepEqual(await client.end(), {});
  });

  it('keeps messages that arrive before anyone listens for the first listener', async () => {
    const { client, worker } = await connectPair(server);
    for (const text of ['a', 'b', 'c']) client.send('rpcLog', { message: text });
    await client.end();
    await worker.closed;
    const first: string[] = [];
    worker.onMessage((message) => first.push(...logMessages([message])));
    assert.deepEqual(first, ['a', 'b', 'c']);
  });

  it('ends for-await iteration when the stream ends', async () => {
    const { client, worker } = await connectPair(server);
    for (let i = 0; i < 10; i++) client.send('rpcLog', { message: `m${i}` });
    void client.end();
    const seen: StreamingMessage[] = [];
    for await (const message of worker) seen.push(message);
    assert.deepEqual(
      logMessages(seen),
      Array.from({ length: 10 }, (_, i) => `m${i}`),
    );
  });

  it('throws the transport error out of for-await when the stream fails', async () => {
    const { client, worker } = await connectPair(server);
    worker.send('workerStatusRequest', {});
    worker.cancel();
    const seen: StreamingMessage[] = [];
    await assert.rejects(
      async () => {
        for await (const message of client) seen.push(message);
      },
      (error: unknown) => error instanceof RpcTransportError,
    );
  });
});

describe('a host that goes away', { timeout: 10_000 }, () => {
  it("fails the client's stream with a code and a cause", async () => {
    const server = await startServer();
    const { client } = await connectPair(server);
    try {
      await server.close(0);
      const end = await client.closed;
      assert.ok(end.error instanceof RpcTransportError);
      assert.ok([GrpcStatus.UNAVAILABLE, GrpcStatus.CANCELLED, GrpcStatus.INTERNAL].includes(end.error.code));
      assert.ok(end.error.cause instanceof Error, 'the grpc-js error is the cause');
      assert.match(end.error.message, /gRPC stream failed: \w+ \(\d+\)/);
    } finally {
      client.cancel();
      await server.close(0);
    }
  });
});
