import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { deflateSync, gzipSync } from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import { openEventStream } from '../client/event-stream-call.js';
import { encodeStreamingMessage } from '../codec/streaming-message-codec.js';
import { isMessageOf, streamingMessage } from '../message-kind.js';
import { MessageStream } from '../stream/message-stream.js';
import { RpcTransportError } from '../stream/transport-error.js';
import { collect, startServer } from '../testing/loopback.js';
import {
  framed,
  framedMessage,
  GRPC_REQUEST_HEADERS,
  grpcStatusOf,
  rawCall,
  type RawCall,
} from '../testing/raw-h2.js';
import { EVENT_STREAM_PATH } from '../transport/grpc-service.js';
import { GrpcStatus } from '../transport/grpc-status.js';
import type { FunctionRpcServer } from './function-rpc-server.js';
import type { WorkerStream } from './worker-stream.js';

const startStream = (workerId: string) => streamingMessage('startStream', { workerId });
const log = (text: string) => streamingMessage('rpcLog', { message: text });
const logText = (message: unknown): string =>
  isMessageOf(message as never, 'rpcLog') ? (message as ReturnType<typeof log>).content.value.message : '?';

/** A raw call admitted as a worker, and the host's stream for it. */
async function admit(
  server: FunctionRpcServer,
  headers = GRPC_REQUEST_HEADERS,
): Promise<{ call: RawCall; worker: WorkerStream }> {
  const workerId = randomUUID();
  const accepted = server.expectWorker(workerId, { timeoutMs: 5000 });
  const call = rawCall(server.port, headers);
  call.stream.write(framedMessage(startStream(workerId)));
  return { call, worker: await accepted };
}

describe('the EventStream server on the wire', { timeout: 20_000 }, () => {
  let server: FunctionRpcServer;
  const calls: RawCall[] = [];
  before(async () => (server = await startServer({ maxMessageLength: 64 * 1024 })));
  after(async () => {
    calls.forEach((call) => call.close());
    await server.close(0);
  });

  function open(headers = GRPC_REQUEST_HEADERS): RawCall {
    const call = rawCall(server.port, headers);
    calls.push(call);
    return call;
  }

  async function admitted(headers = GRPC_REQUEST_HEADERS): Promise<{ call: RawCall; worker: WorkerStream }> {
    const pair = await admit(server, headers);
    calls.push(pair.call);
    return pair;
  }

  it('answers an unknown method with UNIMPLEMENTED in a trailers-only response (grpc-js client)', async () => {
    const client = new grpc.Client(`127.0.0.1:${server.port}`, grpc.credentials.createInsecure());
    try {
      const call = client.makeBidiStreamRequest(
        '/AzureFunctionsRpcMessages.FunctionRpc/Other',
        (bytes: Buffer) => bytes,
        (bytes: Buffer) => bytes,
      );
      call.on('error', () => undefined);
      const status = await new Promise<grpc.StatusObject>((resolve) => call.on('status', resolve));
      assert.equal(status.code, grpc.status.UNIMPLEMENTED);
      assert.match(
        status.details,
        /does not implement the method \/AzureFunctionsRpcMessages.FunctionRpc\/Other/,
      );
    } finally {
      client.close();
    }
  });

  it('puts the status of an unknown method in the response headers, with no body or trailers', async () => {
    const response = await open({ ...GRPC_REQUEST_HEADERS, ':path': '/Nope/Nope' }).response;
    assert.equal(response.headers[':status'], 200);
    assert.equal(response.headers['content-type'], 'application/grpc+proto');
    assert.equal(response.headers['grpc-status'], String(GrpcStatus.UNIMPLEMENTED));
    assert.equal(response.trailers, undefined);
    assert.equal(response.body.length, 0);
  });

  it('answers a request that is not gRPC with HTTP 415, and GET with 405', async () => {
    const text = await open({ ...GRPC_REQUEST_HEADERS, 'content-type': 'text/plain' }).response;
    assert.equal(text.headers[':status'], 415);
    assert.equal(text.headers['grpc-status'], undefined);
    const get = await open({ ':method': 'GET', ':path': EVENT_STREAM_PATH }).response;
    assert.equal(get.headers[':status'], 405);
    assert.equal(get.headers.allow, 'POST');
  });

  it('refuses a message type it cannot read (application/grpc+json) with UNIMPLEMENTED', async () => {
    const response = await open({ ...GRPC_REQUEST_HEADERS, 'content-type': 'application/grpc+json' })
      .response;
    const status = grpcStatusOf(response);
    assert.equal(status.code, GrpcStatus.UNIMPLEMENTED);
    assert.match(status.message ?? '', /application\/grpc\+proto/);
  });

  it('answers with 200, application/grpc+proto and the encodings it accepts', async () => {
    const { call, worker } = await admitted({
      ...GRPC_REQUEST_HEADERS,
      'content-type': 'application/grpc+proto',
    });
    worker.send('workerStatusRequest', {});
    const headers = await new Promise<Record<string, unknown>>((resolve) =>
      call.stream.on('response', resolve),
    );
    assert.equal(headers[':status'], 200);
    assert.equal(headers['content-type'], 'application/grpc+proto');
    assert.equal(headers['grpc-accept-encoding'], 'identity,deflate,gzip');
    call.stream.end();
    assert.deepEqual(await worker.closed, {});
    const response = await call.response;
    assert.deepEqual(grpcStatusOf(response), { code: GrpcStatus.OK, message: undefined });
  });

  it('reads a message split across many DATA frames and many messages in one frame', async () => {
    const workerId = randomUUID();
    const accepted = server.expectWorker(workerId, { timeoutMs: 5000 });
    const call = open();
    const first = framedMessage(startStream(workerId));
    // One byte per frame: the prefix and the body are both cut.
    for (const byte of first) {
      call.stream.write(Buffer.of(byte));
      await delay(1);
    }
    const worker = await accepted;
    const received = collect(worker, 101);
    const batch = Buffer.concat(Array.from({ length: 100 }, (_, i) => framedMessage(log(`m${i}`))));
    // 100 whole messages in one write, then one cut in three pieces at odd places.
    call.stream.write(batch);
    const last = framedMessage(log('x'.repeat(40_000)));
    call.stream.write(last.subarray(0, 3));
    await delay(5);
    call.stream.write(last.subarray(3, 20_001));
    await delay(5);
    call.stream.end(last.subarray(20_001));
    const messages = await received;
    assert.deepEqual(
      messages.slice(0, 100).map(logText),
      Array.from({ length: 100 }, (_, i) => `m${i}`),
    );
    assert.equal(logText(messages[100]).length, 40_000);
    assert.deepEqual(await worker.closed, {});
  });

  it('reads gzip and deflate messages under grpc-encoding, in order with plain ones', async () => {
    for (const [encoding, compress] of [
      ['gzip', gzipSync],
      ['deflate', deflateSync],
    ] as const) {
      const { call, worker } = await admitted({ ...GRPC_REQUEST_HEADERS, 'grpc-encoding': encoding });
      const received = collect(worker, 3);
      call.stream.write(
        Buffer.concat([
          framed(compress(encodeStreamingMessage(log('one'))), 1),
          framedMessage(log('two')),
          framed(compress(encodeStreamingMessage(log('three'))), 1),
        ]),
      );
      assert.deepEqual((await received).map(logText), ['one', 'two', 'three'], encoding);
      call.stream.end();
      assert.deepEqual(await worker.closed, {});
    }
  });

  it('reads the compressed messages a grpc-js client sends with gzip as its default', async () => {
    const workerId = randomUUID();
    const accepted = server.expectWorker(workerId, { timeoutMs: 5000 });
    const { client, call } = openEventStream(`127.0.0.1:${server.port}`, {
      'grpc.default_compression_algorithm': grpc.compressionAlgorithms.gzip,
    });
    const stream = new MessageStream(call);
    try {
      stream.sendMessage(startStream(workerId));
      const worker = await accepted;
      const received = collect(worker, 1);
      stream.send('rpcLog', { message: 'y'.repeat(50_000) });
      assert.equal(logText((await received)[0]).length, 50_000);
    } finally {
      stream.cancel();
      client.close();
    }
  });

  it('refuses a compressed message it cannot read, saying why', async () => {
    const cases = [
      { encoding: undefined, code: GrpcStatus.INTERNAL, why: /names no grpc-encoding/ },
      { encoding: 'snappy', code: GrpcStatus.UNIMPLEMENTED, why: /unsupported encoding "snappy"/ },
      { encoding: 'gzip', code: GrpcStatus.INTERNAL, why: /Failed to decompress/ },
    ];
    for (const { encoding, code, why } of cases) {
      const { call, worker } = await admitted({
        ...GRPC_REQUEST_HEADERS,
        ...(encoding ? { 'grpc-encoding': encoding } : {}),
      });
      call.stream.write(framed(Buffer.from('not compressed at all'), 1));
      const end = await worker.closed;
      assert.equal(end.error?.code, code, String(encoding));
      const status = grpcStatusOf(await call.response);
      assert.equal(status.code, code);
      assert.match(status.message ?? '', why);
    }
  });

  it('refuses a message that decompresses past the limit with RESOURCE_EXHAUSTED', async () => {
    const { call, worker } = await admitted({ ...GRPC_REQUEST_HEADERS, 'grpc-encoding': 'gzip' });
    const bomb = gzipSync(encodeStreamingMessage(log('z'.repeat(200 * 1024))));
    assert.ok(bomb.length < 64 * 1024);
    call.stream.write(framed(bomb, 1));
    assert.equal((await worker.closed).error?.code, GrpcStatus.RESOURCE_EXHAUSTED);
    const status = grpcStatusOf(await call.response);
    assert.equal(status.code, GrpcStatus.RESOURCE_EXHAUSTED);
    assert.match(status.message ?? '', /decompresses to a size larger than 65536/);
  });

  it('refuses a message whose prefix declares more than the limit before its body arrives', async () => {
    const { call, worker } = await admitted();
    const prefix = Buffer.alloc(5);
    prefix.writeUInt32BE(1024 * 1024 * 1024, 1);
    call.stream.write(prefix);
    const end = await worker.closed;
    assert.equal(end.error?.code, GrpcStatus.RESOURCE_EXHAUSTED);
    const status = grpcStatusOf(await call.response);
    assert.equal(status.code, GrpcStatus.RESOURCE_EXHAUSTED);
    assert.equal(status.message, `Received message larger than max (1073741824 vs 65536)`);
  });

  it('ends with INTERNAL when the request stops in the middle of a message', async () => {
    const { call, worker } = await admitted();
    call.stream.end(framedMessage(log('cut short')).subarray(0, 8));
    assert.equal((await worker.closed).error?.code, GrpcStatus.INTERNAL);
    assert.equal(grpcStatusOf(await call.response).code, GrpcStatus.INTERNAL);
  });

  it('reports CANCELLED to the host when the client resets the stream', async () => {
    const { call, worker } = await admitted();
    call.stream.close(0x8); // RST_STREAM CANCEL
    const end = await worker.closed;
    assert.ok(end.error instanceof RpcTransportError);
    assert.equal(end.error.code, GrpcStatus.CANCELLED);
    assert.equal(worker.send('workerStatusRequest', {}), false);
  });

  it('percent-encodes grpc-message, and grpc-js reads the text back', async () => {
    const call = open();
    call.stream.write(framedMessage(startStream('wörker 100%\nnext')));
    const status = grpcStatusOf(await call.response);
    assert.equal(status.code, GrpcStatus.PERMISSION_DENIED);
    assert.equal(status.message, "No worker was launched with id 'w%C3%B6rker 100%25%0Anext'.");

    const { client, call: grpcCall } = openEventStream(`127.0.0.1:${server.port}`);
    const stream = new MessageStream(grpcCall);
    stream.sendMessage(startStream('wörker 100%'));
    const end = await stream.closed;
    client.close();
    assert.equal(end.error?.details, "No worker was launched with id 'wörker 100%'.");
  });

  it('ends a call with DEADLINE_EXCEEDED after its grpc-timeout, and refuses a malformed one', async () => {
    const { call, worker } = await admitted({ ...GRPC_REQUEST_HEADERS, 'grpc-timeout': '200m' });
    assert.equal((await worker.closed).error?.code, GrpcStatus.DEADLINE_EXCEEDED);
    assert.equal(grpcStatusOf(await call.response).code, GrpcStatus.DEADLINE_EXCEEDED);
    const malformed = await open({ ...GRPC_REQUEST_HEADERS, 'grpc-timeout': '5 seconds' }).response;
    assert.equal(grpcStatusOf(malformed).code, GrpcStatus.INTERNAL);
  });

  it('holds what a slow reader has not taken and delivers all of it in order', async () => {
    const { call, worker } = await admitted();
    call.stream.pause();
    const big = 'b'.repeat(60 * 1024);
    for (let i = 0; i < 40; i++) worker.send('rpcLog', { message: `${i}:${big}` });
    await delay(100);
    call.stream.resume();
    void worker.end();
    const response = await call.response;
    assert.deepEqual(grpcStatusOf(response), { code: GrpcStatus.OK, message: undefined });
    const seen: string[] = [];
    for (let offset = 0; offset < response.body.length;) {
      const length = response.body.readUInt32BE(offset + 1);
      seen.push(String(response.body.subarray(offset + 5, offset + 5 + length)).match(/(\d+):b/)?.[1] ?? '?');
      offset += 5 + length;
    }
    assert.deepEqual(
      seen,
      Array.from({ length: 40 }, (_, i) => String(i)),
    );
  });
});

describe('closing the EventStream server', { timeout: 10_000 }, () => {
  it('lets an open stream finish within the grace period', async () => {
    const server = await startServer();
    const { call, worker } = await admit(server);
    try {
      const closing = server.close(5000);
      worker.send('workerStatusRequest', {});
      call.stream.end();
      await closing;
      assert.deepEqual(await worker.closed, {});
      assert.equal(grpcStatusOf(await call.response).code, GrpcStatus.OK);
    } finally {
      call.close();
    }
  });

  it('cuts a stream still open when the grace period is over', async () => {
    const server = await startServer();
    const { call, worker } = await admit(server);
    try {
      const started = Date.now();
      await server.close(200);
      assert.ok(Date.now() - started >= 150, 'it waited for the grace period');
      assert.equal((await worker.closed).error?.code, GrpcStatus.CANCELLED);
      await call.response;
    } finally {
      call.close();
    }
  });
});
