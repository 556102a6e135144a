import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { create } from '@bufbuild/protobuf';
import { InvocationResponseSchema, StatusResult_Status } from '@functions-rpc/protocol';
import type { HttpDispatcher, HttpInvocationOutcome } from './http-dispatcher.js';
import { HttpFrontEnd } from './http-front-end.js';
import { PROXY_IDLE_SOCKET_MS, PROXY_MAX_SOCKETS, retryDelay } from './http-proxy.js';
import { KeyStore } from './key-store.js';
import { WorkerHttpDispatcher } from './testing/worker-http-dispatcher.js';

const TIMEOUT = { timeout: 20_000 };

describe('HttpUri proxy mode with a real v4 app (enableHttpStream)', TIMEOUT, () => {
  let appDir: string;
  let dispatcher: WorkerHttpDispatcher;
  let frontEnd: HttpFrontEnd;
  let base: string;

  before(async () => {
    appDir = await mkdtemp(join(tmpdir(), 'fnrpc-proxy-'));
    const [keys, started] = await Promise.all([KeyStore.open(appDir), WorkerHttpDispatcher.start('stream')]);
    dispatcher = started;
    frontEnd = new HttpFrontEnd({ port: 0, keys, enableAuth: true, dispatcher });
    base = await frontEnd.listen();
    frontEnd.setFunctions(dispatcher.functions);
  });

  after(async () => {
    await frontEnd?.close();
    await dispatcher?.dispose();
    await rm(appDir, { recursive: true, force: true });
  });

  it('forwards a streamed request body, headers and route params, and relays status and headers', async () => {
    const parts = ['a'.repeat(1000), 'b'.repeat(2345)];
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
        controller.close();
      },
    });
    const response = await fetch(`${base}/api/upload/report?x=1`, {
      method: 'POST',
      headers: { 'x-custom': 'kept' },
      body,
      duplex: 'half',
    } as RequestInit);
    assert.equal(response.status, 202);
    assert.equal(response.headers.get('x-seen-param'), 'report');
    assert.equal(response.headers.get('x-seen-url'), `${base}/api/upload/report?x=1`);
    assert.ok(response.headers.get('x-ms-invocation-id'));
    assert.deepEqual(await response.json(), { bytes: 3345, custom: 'kept' });
  });

  it('streams the answer back chunk by chunk', async () => {
    const response = await fetch(`${base}/api/ticks?count=3`);
    assert.equal(response.status, 200);
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    assert.match(first, /^tick 0\n/);
    assert.doesNotMatch(first, /tick 2/);
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      rest += new TextDecoder().decode(chunk.value);
    }
    assert.equal(first + rest, 'tick 0\ntick 1\ntick 2\n');
  });

  it('answers 500 with an error id when the function fails before answering', async () => {
    const response = await fetch(`${base}/api/boom`);
    assert.equal(response.status, 500);
    const text = await response.text();
    assert.doesNotMatch(text, /stream failure detail/);
    assert.ok((JSON.parse(text) as { errorId?: string }).errorId);
  });
});

/** A port nothing listens on (yet). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('HttpUri forwarding details', TIMEOUT, () => {
  let appDir: string;
  let keys: KeyStore;
  const servers: Server[] = [];

  before(async () => {
    appDir = await mkdtemp(join(tmpdir(), 'fnrpc-proxy-'));
    keys = await KeyStore.open(appDir);
  });

  after(async () => {
    for (const server of servers) server.closeAllConnections();
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    await rm(appDir, { recursive: true, force: true });
  });

  /** A dispatcher whose "worker" is a plain HTTP server at `port`; invocations succeed once it answered. */
  function dispatcherFor(port: number, answered: Promise<void>): HttpDispatcher {
    return {
      begin: async () => ({
        invocationId: randomUUID(),
        capabilities: { HttpUri: `http://127.0.0.1:${port}/` },
        invoke: async (): Promise<HttpInvocationOutcome> => {
          await answered;
          const result = { status: StatusResult_Status.Success };
          return { ok: true, response: create(InvocationResponseSchema, { result }) };
        },
        cancel: () => undefined,
      }),
    };
  }

  /** Listens with `worker` as the function's HttpUri and runs `use` against a front end forwarding to it. */
  async function throughFrontEnd(worker: Server, use: (base: string) => Promise<void>): Promise<void> {
    servers.push(worker);
    await new Promise<void>((resolve) => worker.listen(0, '127.0.0.1', resolve));
    const { port } = worker.address() as AddressInfo;
    const frontEnd = new HttpFrontEnd({
      port: 0,
      keys,
      enableAuth: true,
      dispatcher: dispatcherFor(port, Promise.resolve()),
    });
    try {
      const base = await frontEnd.listen();
      frontEnd.setFunctions([
        { name: 'f', functionId: '1', authLevel: 'anonymous', triggerBindingName: 'req' },
      ]);
      await use(base);
    } finally {
      await frontEnd.close();
    }
  }

  it('retries until the worker listens and sends the forwarding headers', async () => {
    const port = await freePort();
    let seen: { url?: string; headers: IncomingHttpHeaders } | undefined;
    let markAnswered!: () => void;
    const answered = new Promise<void>((resolve) => (markAnswered = resolve));
    const worker = createServer((request, response) => {
      seen = { url: request.url, headers: request.headers };
      response.writeHead(200, { 'content-type': 'text/plain' }).end('from worker', markAnswered);
    });
    servers.push(worker);
    // The worker comes up only after a few refused connections.
    setTimeout(() => worker.listen(port, '127.0.0.1'), 150);
    const frontEnd = new HttpFrontEnd({
      port: 0,
      keys,
      enableAuth: true,
      dispatcher: dispatcherFor(port, answered),
    });
    try {
      const base = await frontEnd.listen();
      frontEnd.setFunctions([
        { name: 'f', functionId: '1', authLevel: 'anonymous', triggerBindingName: 'req' },
      ]);
      const response = await fetch(`${base}/api/f?q=1`, { headers: { 'x-forwarded-host': 'spoofed' } });
      assert.equal(await response.text(), 'from worker');
      assert.equal(seen?.url, '/api/f?q=1');
      assert.ok(seen?.headers['x-ms-invocation-id']);
      assert.equal(seen?.headers['x-forwarded-host'], new URL(base).host);
      assert.equal(seen?.headers['x-forwarded-proto'], 'http');
      assert.equal(seen?.headers['x-forwarded-for'], '127.0.0.1');
      assert.equal(seen?.headers.host, `127.0.0.1:${port}`);
    } finally {
      await frontEnd.close();
    }
  });

  it('answers 502 with an error id when the worker never listens', async () => {
    const port = await freePort();
    const frontEnd = new HttpFrontEnd({
      port: 0,
      keys,
      enableAuth: true,
      dispatcher: dispatcherFor(port, new Promise(() => undefined)),
    });
    try {
      const base = await frontEnd.listen();
      frontEnd.setFunctions([
        { name: 'f', functionId: '1', authLevel: 'anonymous', triggerBindingName: 'req' },
      ]);
      const response = await fetch(`${base}/api/f`);
      assert.equal(response.status, 502);
      assert.ok(((await response.json()) as { errorId?: string }).errorId);
    } finally {
      await frontEnd.close();
    }
  });

  it('stops forwarding a chunked body over the limit and answers 413', async () => {
    const worker = createServer((request, response) => {
      request.resume();
      request.on('end', () => response.end('too late'));
    });
    servers.push(worker);
    await new Promise<void>((resolve) => worker.listen(0, '127.0.0.1', resolve));
    const { port } = worker.address() as AddressInfo;
    const dispatcher = dispatcherFor(port, new Promise(() => undefined));
    const frontEnd = new HttpFrontEnd({
      port: 0,
      keys,
      enableAuth: true,
      dispatcher,
      maxRequestBodyBytes: 1000,
    });
    try {
      const base = await frontEnd.listen();
      frontEnd.setFunctions([
        { name: 'f', functionId: '1', authLevel: 'anonymous', triggerBindingName: 'req' },
      ]);
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new Uint8Array(800));
          controller.enqueue(new Uint8Array(800));
          controller.close();
        },
      });
      const response = await fetch(`${base}/api/f`, { method: 'POST', body, duplex: 'half' } as RequestInit);
      assert.equal(response.status, 413);
    } finally {
      await frontEnd.close();
    }
  });

  it('opens a bounded number of connections to a worker and never reuses one it kept idle too long', async () => {
    let open = 0;
    let most = 0;
    const connections = new WeakMap<object, number>();
    let connectionCount = 0;
    const seenOn: number[] = [];
    const worker = createServer((request, response) => {
      seenOn.push(connections.get(request.socket) ?? -1);
      setTimeout(() => response.end('ok'), 30);
    });
    // Longer than the host keeps a connection idle: were the host to wait as long, the race would be the host's.
    worker.keepAliveTimeout = 60_000;
    worker.on('connection', (socket) => {
      connections.set(socket, connectionCount++);
      most = Math.max(most, ++open);
      socket.on('close', () => open--);
    });
    await throughFrontEnd(worker, async (base) => {
      const burst = PROXY_MAX_SOCKETS + 100;
      const statuses = await Promise.all(
        Array.from({ length: burst }, () => fetch(`${base}/api/f`).then((r) => r.status)),
      );
      assert.deepEqual(new Set(statuses), new Set([200]));
      assert.ok(most <= PROXY_MAX_SOCKETS, `${most} connections to the worker at once`);
      await fetch(`${base}/api/f`).then((r) => r.text());
      const last = seenOn.at(-1);
      await new Promise((resolve) => setTimeout(resolve, PROXY_IDLE_SOCKET_MS + 600));
      await fetch(`${base}/api/f`).then((r) => r.text());
      assert.ok(seenOn.at(-1)! > last!, 'a connection idle that long is not reused');
    });
  });

  it('sends a request again, body included, when the worker closed the kept-alive connection it went out on', async () => {
    const served = new WeakMap<object, number>();
    const bodies: string[] = [];
    const worker = createServer((request, response) => {
      const count = (served.get(request.socket) ?? 0) + 1;
      served.set(request.socket, count);
      // What a worker closing an idle connection at that moment amounts to: the request is never read.
      if (count > 1) return void request.socket.destroy();
      let body = '';
      request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        bodies.push(body);
        response.end(`got ${body}`);
      });
    });
    worker.keepAliveTimeout = 60_000;
    await throughFrontEnd(worker, async (base) => {
      for (const body of ['first', 'second', 'third']) {
        const response = await fetch(`${base}/api/f`, { method: 'POST', body });
        assert.deepEqual([response.status, await response.text()], [200, `got ${body}`]);
      }
      assert.deepEqual(bodies, ['first', 'second', 'third']);
    });
  });

  it('waits 50 ms doubling up to 250 ms between attempts', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 9].map(retryDelay), [50, 100, 200, 250, 250, 250]);
  });
});
