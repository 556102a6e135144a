import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HttpFrontEnd } from './http-front-end.js';
import { DEFAULT_HTTP_LIMITS } from './http-limits.js';
import { KeyStore } from './key-store.js';
import { WorkerHttpDispatcher } from './testing/worker-http-dispatcher.js';

/** A raw connection to the front end that collects what comes back. */
class RawClient {
  readonly socket: Socket;
  received = '';
  readonly closed: Promise<number>;

  constructor(base: string) {
    const { hostname, port } = new URL(base);
    const opened = performance.now();
    this.socket = connect(Number(port), hostname);
    this.socket.setEncoding('utf8').on('data', (chunk: string) => (this.received += chunk));
    this.socket.on('error', () => undefined);
    this.closed = new Promise((resolve) =>
      this.socket.on('close', () => resolve(performance.now() - opened)),
    );
  }

  /** Resolves once what came back matches `pattern`. */
  async waitFor(pattern: RegExp): Promise<string> {
    for (let i = 0; i < 500 && !pattern.test(this.received); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.match(this.received, pattern);
    return this.received;
  }
}

describe('HttpFrontEnd limits', { timeout: 60_000 }, () => {
  let appDir: string;
  let dispatcher: WorkerHttpDispatcher;
  let frontEnd: HttpFrontEnd;
  let base: string;
  const clients: RawClient[] = [];
  const client = (): RawClient => {
    const raw = new RawClient(base);
    clients.push(raw);
    return raw;
  };

  before(async () => {
    appDir = await mkdtemp(join(tmpdir(), 'fnrpc-limits-'));
    let keys: KeyStore;
    [keys, dispatcher] = await Promise.all([KeyStore.open(appDir), WorkerHttpDispatcher.start('http-basic')]);
    frontEnd = new HttpFrontEnd({
      port: 0,
      keys,
      enableAuth: true,
      dispatcher,
      maxRequestBodyBytes: 100_000,
      limits: {
        maxConnections: 8,
        headersTimeoutMs: 1000,
        requestTimeoutMs: 3000,
        maxRequestBytesInFlight: 10_000,
      },
    });
    base = await frontEnd.listen();
    frontEnd.setFunctions(dispatcher.functions);
  });

  after(async () => {
    for (const raw of clients) raw.socket.destroy();
    await frontEnd?.close();
    await dispatcher?.dispose();
    await rm(appDir, { recursive: true, force: true });
  });

  it('answers 413 instead of 100 Continue when the declared length is over the limit', async () => {
    const large = client();
    large.socket.write(
      'POST /api/echo HTTP/1.1\r\nhost: x\r\nexpect: 100-continue\r\ncontent-length: 200000\r\n\r\n',
    );
    const answer = await large.waitFor(/\r\n\r\n/);
    assert.match(answer, /^HTTP\/1\.1 413 /);
    const small = client();
    small.socket.write(
      'POST /api/echo HTTP/1.1\r\nhost: x\r\nexpect: 100-continue\r\ncontent-length: 5\r\n\r\n',
    );
    assert.match(await small.waitFor(/\r\n\r\n/), /^HTTP\/1\.1 100 Continue\r\n/);
    small.socket.write('hello');
    assert.match(await small.waitFor(/"bodyText":"hello"/), /HTTP\/1\.1 200 OK/);
  });

  it('answers 503 with Retry-After while bodies in memory are at their budget, and takes them again after', async () => {
    const holder = client();
    holder.socket.write('POST /api/echo HTTP/1.1\r\nhost: x\r\ncontent-length: 8000\r\n\r\nstarted');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const refused = await fetch(`${base}/api/echo`, { method: 'POST', body: 'x'.repeat(5000) });
    assert.equal(refused.status, 503);
    assert.equal(refused.headers.get('retry-after'), '1');
    holder.socket.destroy();
    await holder.closed;
    await new Promise((resolve) => setTimeout(resolve, 100));
    const accepted = await fetch(`${base}/api/echo`, { method: 'POST', body: 'x'.repeat(5000) });
    assert.equal(accepted.status, 200);
  });

  it('closes a connection whose headers do not arrive within the headers timeout', async () => {
    const slow = client();
    slow.socket.write('GET /api/echo HTTP/1.1\r\nhost: x\r\n');
    const tick = setInterval(() => slow.socket.write('x-slow: 1\r\n'), 200);
    const heldMs = await slow.closed;
    clearInterval(tick);
    // Node's defaults held it 60 s and more; the timeout is 1 s, checked every second.
    assert.ok(heldMs < 10_000, `held for ${Math.round(heldMs)} ms`);
    assert.match(slow.received, /^HTTP\/1\.1 408 /);
  });

  it('closes connections over the cap at once', async () => {
    const idle = Array.from({ length: 8 }, () => client());
    for (const raw of idle) raw.socket.write('GET /api/echo HTTP/1.1\r\nhost: x\r\n');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const extra = client();
    const heldMs = await extra.closed;
    assert.ok(heldMs < 5000, `held for ${Math.round(heldMs)} ms`);
    assert.equal(extra.received, '');
    for (const raw of idle) raw.socket.destroy();
  });

  it('has sane defaults', () => {
    assert.deepEqual(DEFAULT_HTTP_LIMITS, {
      maxConnections: 2048,
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 120_000,
      maxRequestBytesInFlight: 256 * 1024 * 1024,
    });
  });
});
