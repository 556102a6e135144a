import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { FunctionRpcClient } from '../client/function-rpc-client.js';
import { ProtocolError } from '../codec/protocol-error.js';
import { encodeStreamingMessage } from '../codec/streaming-message-codec.js';
import { streamingMessage } from '../message-kind.js';
import type { RefusedStream } from '../server/function-rpc-server.js';
import { RpcTransportError } from '../stream/transport-error.js';
import { connectPair, startServer } from '../testing/loopback.js';
import { openRawEventStream } from '../client/event-stream-call.js';
import { rawFunctionRpcServiceDefinition } from './grpc-service.js';

type RawCall = grpc.ClientDuplexStream<Buffer, Buffer>;

function rawCall(port: number): { call: RawCall; status: Promise<grpc.StatusObject>; close(): void } {
  const { client, call } = openRawEventStream(`127.0.0.1:${port}`);
  call.on('data', () => undefined);
  call.on('error', () => undefined);
  const status = new Promise<grpc.StatusObject>((resolve) => call.on('status', resolve));
  return { call, status, close: () => client.close() };
}

const garbage = Buffer.from([0x08, 0x01, 0x41]); // request_id sent as a varint

describe('unreadable bytes on a real stream', { timeout: 10_000 }, () => {
  it('refuses an unreadable first message with INVALID_ARGUMENT naming the problem', async () => {
    const server = await startServer();
    const refused: RefusedStream[] = [];
    server.onRefused((stream) => refused.push(stream));
    const raw = rawCall(server.port);
    try {
      raw.call.write(garbage);
      const status = await raw.status;
      assert.equal(status.code, grpc.status.INVALID_ARGUMENT);
      assert.match(status.details, /first message is unreadable: Malformed StreamingMessage \(3 bytes\)/);
      assert.equal(refused[0]?.code, grpc.status.INVALID_ARGUMENT);
      const { client } = await connectPair(server);
      client.cancel();
    } finally {
      raw.close();
      await server.close(0);
    }
  });

  it('ends an admitted worker stream that turns unreadable, on both sides, and keeps serving', async () => {
    const server = await startServer();
    const raw = rawCall(server.port);
    try {
      const accepted = server.expectWorker('raw-worker', { timeoutMs: 5000 });
      raw.call.write(
        Buffer.from(encodeStreamingMessage(streamingMessage('startStream', { workerId: 'raw-worker' }))),
      );
      const worker = await accepted;
      raw.call.write(garbage);
      const end = await worker.closed;
      assert.ok(end.error instanceof RpcTransportError);
      assert.equal(end.error.code, grpc.status.INVALID_ARGUMENT);
      assert.ok(end.error.cause instanceof ProtocolError);
      assert.match(end.error.details, /request_id \(#1\) arrived with wire type Varint/);
      const status = await raw.status;
      assert.equal(status.code, grpc.status.INVALID_ARGUMENT);
      assert.match(status.details, /Malformed StreamingMessage/);
      const { client } = await connectPair(server);
      client.cancel();
    } finally {
      raw.close();
      await server.close(0);
    }
  });

  it('ends the worker side when the host sends unreadable bytes', async () => {
    const server = new grpc.Server();
    server.addService(rawFunctionRpcServiceDefinition, {
      eventStream: (call: grpc.ServerDuplexStream<Buffer, Buffer>) => {
        call.on('data', () => call.write(garbage));
        call.on('error', () => undefined);
      },
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    );
    const client = FunctionRpcClient.connect({ uri: `http://127.0.0.1:${port}/`, workerId: 'w' });
    try {
      const end = await client.closed;
      assert.ok(end.error instanceof RpcTransportError);
      assert.equal(end.error.code, grpc.status.INVALID_ARGUMENT);
      assert.ok(end.error.cause instanceof ProtocolError);
      assert.match(end.error.message, /Malformed StreamingMessage \(3 bytes\)/);
    } finally {
      client.cancel();
      server.forceShutdown();
    }
  });
});
