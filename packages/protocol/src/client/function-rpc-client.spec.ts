import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { RpcTransportError } from '../stream/transport-error.js';
import { FunctionRpcClient, grpcTarget } from './function-rpc-client.js';

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  assert.ok(address && typeof address === 'object');
  return address.port;
}

describe('grpcTarget', () => {
  const cases: [string, string][] = [
    ['http://127.0.0.1:50051/', '127.0.0.1:50051'],
    ['http://localhost:7071', 'localhost:7071'],
    ['https://example.net:443/path', 'example.net:443'],
    ['http://[::1]:5000/', '[::1]:5000'],
    ['127.0.0.1:50051', '127.0.0.1:50051'],
    ['localhost:1', 'localhost:1'],
    ['http://127.0.0.1:80/', '127.0.0.1:80'],
    ['http://user@127.0.0.1:8080/', '127.0.0.1:8080'],
  ];
  for (const [uri, target] of cases) {
    it(`turns ${uri} into ${target}`, () => assert.equal(grpcTarget(uri), target));
  }

  it('refuses a URI without a port', () => {
    assert.throws(() => grpcTarget('http://127.0.0.1/'), /names no port/);
    assert.throws(() => grpcTarget('http://[::1]/'), /names no port/);
  });
});

describe('FunctionRpcClient.connect', { timeout: 10_000 }, () => {
  it('reports an unreachable host in closed as UNAVAILABLE with the grpc-js error as cause', async () => {
    const port = await closedPort();
    const client = FunctionRpcClient.connect({ uri: `http://127.0.0.1:${port}/`, workerId: 'w' });
    try {
      const end = await client.closed;
      assert.ok(end.error instanceof RpcTransportError);
      assert.equal(end.error.code, GrpcStatus.UNAVAILABLE);
      assert.ok(end.error.cause instanceof Error);
      assert.equal(client.send('rpcLog', { message: 'dropped' }), false);
    } finally {
      client.cancel();
    }
  });
});
