import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { FunctionRpcClient } from '../client/function-rpc-client.js';
import { RpcTransportError } from '../stream/transport-error.js';
import { connectPair, rawStream, startServer } from '../testing/loopback.js';
import type { FunctionRpcServer, RefusedStream } from './function-rpc-server.js';

async function refusal(closed: Promise<{ error?: RpcTransportError }>): Promise<RpcTransportError> {
  const end = await closed;
  assert.ok(end.error instanceof RpcTransportError, 'the stream was refused');
  return end.error;
}

describe('FunctionRpcServer StartStream gating', { timeout: 15_000 }, () => {
  let server: FunctionRpcServer;
  const refused: RefusedStream[] = [];
  before(async () => {
    server = await startServer();
    server.onRefused((stream) => refused.push(stream));
  });
  after(() => server.close(0));

  /** The server still accepts a registered worker and talks to it. */
  async function assertStillServing(): Promise<void> {
    const { client, worker } = await connectPair(server);
    try {
      client.send('rpcLog', { message: 'still there' });
      const [message] = await new Promise<unknown[]>((resolve) => worker.onMessage((m) => resolve([m])));
      assert.ok(message);
    } finally {
      client.cancel();
    }
  }

  it('refuses an unknown worker id with PERMISSION_DENIED', async () => {
    const client = FunctionRpcClient.connect({ uri: server.uri, workerId: 'stranger' });
    const error = await refusal(client.closed);
    assert.equal(error.code, GrpcStatus.PERMISSION_DENIED);
    assert.match(error.details, /No worker was launched with id 'stranger'/);
    assert.deepEqual(refused.at(-1), {
      code: GrpcStatus.PERMISSION_DENIED,
      details: error.details,
      workerId: 'stranger',
    });
    await assertStillServing();
  });

  it('refuses an empty worker id', async () => {
    const client = FunctionRpcClient.connect({ uri: server.uri, workerId: '' });
    const error = await refusal(client.closed);
    assert.equal(error.code, GrpcStatus.PERMISSION_DENIED);
    assert.match(error.details, /no worker id/);
    assert.equal(refused.at(-1)?.details, error.details);
    await assertStillServing();
  });

  it('refuses a stream whose first message is not StartStream with FAILED_PRECONDITION', async () => {
    const stream = rawStream(server);
    stream.send('rpcLog', { message: 'hello?' });
    const error = await refusal(stream.closed);
    assert.equal(error.code, GrpcStatus.FAILED_PRECONDITION);
    assert.match(error.details, /first message must be StartStream, got rpcLog/);
    assert.equal(refused.at(-1)?.code, GrpcStatus.FAILED_PRECONDITION);
    await assertStillServing();
  });

  it('refuses a stream that ends before sending anything', async () => {
    const stream = rawStream(server);
    const error = await refusal(stream.end());
    assert.equal(error.code, GrpcStatus.FAILED_PRECONDITION);
    assert.match(error.details, /ended before StartStream/);
    await assertStillServing();
  });

  it('refuses a second stream for a worker that is connected with ALREADY_EXISTS', async () => {
    const { client, worker } = await connectPair(server);
    try {
      const twin = FunctionRpcClient.connect({ uri: server.uri, workerId: worker.workerId });
      const error = await refusal(twin.closed);
      assert.equal(error.code, GrpcStatus.ALREADY_EXISTS);
      assert.ok(worker.isOpen, 'the first stream is unaffected');
    } finally {
      client.cancel();
    }
  });

  it('lets a worker id connect again once its stream is over', async () => {
    const first = await connectPair(server, { workerId: 'reconnecting' });
    await first.client.end();
    await first.worker.closed;
    const second = await connectPair(server, { workerId: 'reconnecting' });
    second.client.cancel();
  });
});

describe('FunctionRpcServer.expectWorker', { timeout: 10_000 }, () => {
  let server: FunctionRpcServer;
  before(async () => (server = await startServer()));
  after(() => server.close(0));

  it('rejects when the worker does not connect in time', async () => {
    await assert.rejects(
      server.expectWorker('late', { timeoutMs: 50 }),
      /'late' did not open its stream within 50 ms/,
    );
    // The id is free again, and a late worker is refused rather than accepted.
    const client = FunctionRpcClient.connect({ uri: server.uri, workerId: 'late' });
    assert.equal((await refusal(client.closed)).code, GrpcStatus.PERMISSION_DENIED);
  });

  it('rejects an empty id and a duplicate registration', async () => {
    await assert.rejects(server.expectWorker(''), TypeError);
    const pending = server.expectWorker('twice');
    await assert.rejects(server.expectWorker('twice'), /already registered/);
    server.forgetWorker('twice', 'test over');
    await assert.rejects(pending, /'twice': test over/);
  });

  it('rejects pending registrations when the server closes', async () => {
    const own = await startServer();
    const pending = own.expectWorker('never');
    await own.close(0);
    await assert.rejects(pending, /server closed/);
  });

  it('refuses a stream that stays silent past firstMessageTimeoutMs with DEADLINE_EXCEEDED', async () => {
    const own = await startServer({ firstMessageTimeoutMs: 50 });
    const stream = rawStream(own);
    try {
      const error = await refusal(stream.closed);
      assert.equal(error.code, GrpcStatus.DEADLINE_EXCEEDED);
      assert.match(error.details, /No StartStream was received in time/);
    } finally {
      stream.cancel();
      await own.close(0);
    }
  });

  it('gives the URI with a trailing slash', () => {
    assert.equal(server.uri, `http://127.0.0.1:${server.port}/`);
    assert.ok(server.port > 0);
  });
});
