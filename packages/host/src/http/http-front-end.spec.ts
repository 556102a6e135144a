import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { HttpDispatcher } from './http-dispatcher.js';
import { HttpFrontEnd } from './http-front-end.js';
import { KeyStore } from './key-store.js';
import { WorkerHttpDispatcher } from './testing/worker-http-dispatcher.js';

const TIMEOUT = { timeout: 20_000 };

function chunked(parts: readonly string[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
      controller.close();
    },
  });
}

async function waitUntil(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 250 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.ok(check(), `timed out waiting for ${what}`);
}

describe('HttpFrontEnd with a real worker', TIMEOUT, () => {
  let appDir: string;
  let keys: KeyStore;
  let dispatcher: WorkerHttpDispatcher;
  let frontEnd: HttpFrontEnd;
  let base: string;
  const logs: string[] = [];

  before(async () => {
    appDir = await mkdtemp(join(tmpdir(), 'fnrpc-http-'));
    [keys, dispatcher] = await Promise.all([KeyStore.open(appDir), WorkerHttpDispatcher.start('http-basic')]);
    frontEnd = new HttpFrontEnd({
      port: 0,
      keys,
      enableAuth: true,
      dispatcher,
      maxRequestBodyBytes: 4096,
      log: (level, message) => logs.push(`${level}: ${message}`),
      adminHandler: async (request, response, url) => {
        if (url.pathname !== '/admin/host/ping') return false;
        response.writeHead(200).end(`pong ${request.method}`);
        return true;
      },
    });
    base = await frontEnd.listen();
    frontEnd.setFunctions(dispatcher.functions);
  });

  after(async () => {
    await frontEnd?.close();
    await dispatcher?.dispose();
    await rm(appDir, { recursive: true, force: true });
  });

  it('delivers url, method, route params, query and headers to the function', async () => {
    const response = await fetch(`${base}/api/Echo/7?a=1&b=two`, { headers: { 'x-test': 'hello' } });
    assert.equal(response.status, 200);
    const seen = (await response.json()) as Record<string, unknown>;
    assert.equal(seen.method, 'GET');
    assert.equal(seen.url, `${base}/api/Echo/7?a=1&b=two`);
    assert.deepEqual(seen.params, { id: '7' });
    assert.deepEqual(seen.query, { a: '1', b: 'two' });
    assert.equal((seen.headers as Record<string, string>)['x-test'], 'hello');
    assert.equal(seen.bodyLength, 0);
  });

  it('builds the URL from a valid Host header only, else from the listening address', async () => {
    const seenUrl = (host: string): Promise<{ status: number; url: string }> =>
      new Promise((resolve, reject) => {
        const request = httpGet(`${base}/api/Echo/7?a=1`, { headers: { host } }, (response) => {
          let text = '';
          response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            resolve({ status, url: status === 200 ? (JSON.parse(text) as { url: string }).url : text });
          });
        });
        request.on('error', reject);
      });
    const { port } = new URL(base);
    assert.deepEqual(await seenUrl('example.com:8080'), {
      status: 200,
      url: 'http://example.com:8080/api/Echo/7?a=1',
    });
    assert.deepEqual(await seenUrl('['), { status: 200, url: `http://127.0.0.1:${port}/api/Echo/7?a=1` });
    assert.deepEqual(await seenUrl('a/b?c#d'), {
      status: 200,
      url: `http://127.0.0.1:${port}/api/Echo/7?a=1`,
    });
  });

  it('delivers bodies with a length and chunked bodies without one', async () => {
    const json = await fetch(`${base}/api/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":"x"}',
    });
    assert.equal(((await json.json()) as { bodyText: string }).bodyText, '{"name":"x"}');
    const stream = await fetch(`${base}/api/echo`, {
      method: 'PUT',
      body: chunked(['first ', 'second']),
      duplex: 'half',
    } as RequestInit);
    assert.equal(((await stream.json()) as { bodyText: string }).bodyText, 'first second');
  });

  it('answers 413 for bodies over the limit, declared or streamed', async () => {
    const declared = await fetch(`${base}/api/echo`, { method: 'POST', body: 'x'.repeat(5000) });
    assert.equal(declared.status, 413);
    const streamed = await fetch(`${base}/api/echo`, {
      method: 'POST',
      body: chunked(['y'.repeat(3000), 'y'.repeat(3000)]),
      duplex: 'half',
    } as RequestInit);
    assert.equal(streamed.status, 413);
  });

  it('answers 404 for unknown routes and, as the reference host, for a known route with another method', async () => {
    assert.equal((await fetch(`${base}/api/nothing`)).status, 404);
    assert.equal((await fetch(`${base}/echo`)).status, 404);
    const wrong = await fetch(`${base}/api/echo/1`, { method: 'DELETE' });
    assert.equal(wrong.status, 404);
    assert.equal(wrong.headers.get('allow'), null);
  });

  it('checks keys per auth level, header first, then the code query', async () => {
    assert.equal((await fetch(`${base}/api/secured`)).status, 401);
    assert.equal((await fetch(`${base}/api/secured?code=wrong`)).status, 401);
    const byHeader = await fetch(`${base}/api/secured`, { headers: { 'x-functions-key': keys.functionKey } });
    assert.equal(await byHeader.text(), 'function level');
    assert.equal((await fetch(`${base}/api/secured?code=${keys.functionKey}`)).status, 200);
    const headerWins = await fetch(`${base}/api/secured?code=${keys.functionKey}`, {
      headers: { 'x-functions-key': 'bad' },
    });
    assert.equal(headerWins.status, 401);
    assert.equal((await fetch(`${base}/api/adminOnly?code=${keys.functionKey}`)).status, 401);
    assert.equal((await fetch(`${base}/api/adminOnly?code=${keys.masterKey}`)).status, 200);
    await waitUntil(
      () => logs.some((line) => line.startsWith('Debug: GET /api/adminOnly 200 ')),
      'the request log',
    );
    assert.ok(logs.every((line) => !line.includes(keys.masterKey) && !line.includes(keys.functionKey)));
  });

  it('hides disabled functions unless the master key is presented', async () => {
    frontEnd.setFunctions(
      dispatcher.functions.map((fn) => (fn.name === 'secured' ? { ...fn, disabled: true } : fn)),
    );
    try {
      assert.equal((await fetch(`${base}/api/secured?code=${keys.functionKey}`)).status, 404);
      assert.equal((await fetch(`${base}/api/secured?code=${keys.masterKey}`)).status, 200);
    } finally {
      frontEnd.setFunctions(dispatcher.functions);
    }
  });

  it('writes status, headers and cookies with all their attributes', async () => {
    const response = await fetch(`${base}/api/cookies`);
    assert.equal(response.status, 201);
    assert.equal(response.headers.get('x-custom'), 'yes');
    assert.equal(response.headers.get('content-type'), 'text/html');
    assert.equal(await response.text(), '<p>made</p>');
    const cookies = response.headers.getSetCookie();
    assert.deepEqual(cookies, [
      'session=a%20b; expires=Wed, 02 Jan 2030 03:04:05 GMT; max-age=3600; domain=example.com; path=/app; secure; samesite=strict; httponly',
      // No path given: the default path=/, as the reference host writes it.
      'plain=1; path=/; samesite=none',
    ]);
  });

  it('writes binary bodies as they are and empty answers as 200', async () => {
    const bytes = await fetch(`${base}/api/bytes`);
    assert.deepEqual([...new Uint8Array(await bytes.arrayBuffer())], [0, 1, 2, 255]);
    const empty = await fetch(`${base}/api/empty`);
    assert.equal(empty.status, 200);
    assert.equal(await empty.text(), '');
  });

  it('answers a failed function with 500 and an error id, never the exception text', async () => {
    const response = await fetch(`${base}/api/fail`);
    assert.equal(response.status, 500);
    const text = await response.text();
    assert.doesNotMatch(text, /secret failure detail/);
    const { errorId } = JSON.parse(text) as { errorId: string };
    assert.ok(logs.some((line) => line.includes(errorId) && line.includes('secret failure detail')));
  });

  it('cancels the invocation when the client goes away', async () => {
    const before = dispatcher.cancelled.length;
    const controller = new AbortController();
    const pending = fetch(`${base}/api/slow`, { signal: controller.signal });
    await waitUntil(() => dispatcher.begun > 0, 'the invocation');
    setTimeout(() => controller.abort(), 200);
    await assert.rejects(pending);
    await waitUntil(() => dispatcher.cancelled.length > before, 'the cancellation');
  });

  it('passes /admin requests to the admin handler first', async () => {
    const response = await fetch(`${base}/admin/host/ping`, { method: 'POST' });
    assert.equal(await response.text(), 'pong POST');
    assert.equal((await fetch(`${base}/admin/unknown`)).status, 404);
  });
});

describe('HttpFrontEnd answers for invocations that did not complete', TIMEOUT, () => {
  let appDir: string;
  let keys: KeyStore;

  before(async () => {
    appDir = await mkdtemp(join(tmpdir(), 'fnrpc-http-'));
    keys = await KeyStore.open(appDir);
  });

  after(async () => {
    await rm(appDir, { recursive: true, force: true });
  });

  async function statusFor(dispatcher: HttpDispatcher): Promise<[number, string | undefined, string | null]> {
    const frontEnd = new HttpFrontEnd({ port: 0, keys, enableAuth: true, dispatcher, routePrefix: '' });
    try {
      const base = await frontEnd.listen();
      frontEnd.setFunctions([
        { name: 'f', functionId: '1', authLevel: 'anonymous', triggerBindingName: 'req' },
      ]);
      const response = await fetch(`${base}/f`);
      const { errorId } = (await response.json()) as { errorId?: string };
      return [response.status, errorId, response.headers.get('retry-after')];
    } finally {
      await frontEnd.close();
    }
  }

  it('answers 503 with an error id and Retry-After when no worker can take the invocation', async () => {
    const [status, errorId, retryAfter] = await statusFor({
      begin: () => Promise.reject(new Error('no worker')),
    });
    assert.equal(status, 503);
    assert.equal(retryAfter, '1');
    assert.match(errorId ?? '', /^[0-9a-f-]{36}$/);
  });

  it('maps each failure reason to its status and passes the error id on', async () => {
    const expected = {
      failure: 500,
      cancelled: 500,
      'worker-lost': 500,
      timeout: 500,
      unavailable: 503,
    } as const;
    for (const [reason, code] of Object.entries(expected)) {
      const dispatcher: HttpDispatcher = {
        begin: () =>
          Promise.resolve({
            invocationId: 'i',
            capabilities: {},
            invoke: () =>
              Promise.resolve({
                ok: false,
                reason: reason as keyof typeof expected,
                message: 'm',
                errorId: `id-${reason}`,
              }),
            cancel: () => undefined,
          }),
      };
      const [status, errorId] = await statusFor(dispatcher);
      assert.deepEqual([status, errorId], [code, `id-${reason}`], reason);
    }
  });
});
