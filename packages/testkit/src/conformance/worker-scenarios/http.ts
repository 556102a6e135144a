import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { RpcHttpCookie } from '@functions-rpc/protocol';
import type { HttpRequestInit } from '../../rpc-http.js';
import { invokeHttp } from '../http-invocation.js';
import type { WorkerScenario } from '../scenario.js';
import { check } from '../verdict.js';
import type { WorkerSession } from '../worker-session.js';

/** What the kit's `echo` function answers: the request as the function saw it. */
interface Echo {
  readonly method?: string;
  readonly query?: Record<string, string>;
  readonly headers?: Record<string, string>;
  readonly params?: Record<string, string>;
}

export const httpRequestParts: WorkerScenario = {
  name: 'http-request-parts',
  title: 'HTTP: method, query, headers and route parameters reach the function',
  async run(session) {
    await session.ready();
    const { reply, message } = await invokeHttp(session, session.fn('echo'), {
      method: 'GET',
      url: 'http://localhost:7071/api/echo/books/7?x=1&y=two%20words',
      headers: { 'X-Kit-One': 'a', 'x-kit-two': 'b c' },
      params: { category: 'books', id: '7' },
    });
    let echo: Echo;
    try {
      echo = JSON.parse(reply.body.toString('utf8')) as Echo;
    } catch {
      check(false, `'echo' did not answer JSON: ${reply.body.toString('utf8').slice(0, 200)}`, message);
    }
    const want = {
      method: 'GET',
      query: { x: '1', y: 'two words' },
      headers: { 'x-kit-one': 'a', 'x-kit-two': 'b c' },
      params: { category: 'books', id: '7' },
    };
    const got = {
      method: echo.method,
      query: pick(echo.query, Object.keys(want.query)),
      headers: pick(lowerKeys(echo.headers), Object.keys(want.headers)),
      params: pick(echo.params, Object.keys(want.params)),
    };
    check(
      isDeepStrictEqual(got, want),
      `the function saw ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`,
      message,
    );
  },
};

export const httpJsonBody: WorkerScenario = {
  name: 'http-json-body',
  title: 'HTTP: a JSON body reaches the function and comes back',
  async run(session) {
    const body = '{"kit":[1,2.5,{"nested":"value"}],"unicode":"h\\u00e9"}';
    const reply = await roundTrip(session, body, 'application/json');
    let parsed: unknown;
    try {
      parsed = JSON.parse(reply.toString('utf8'));
    } catch {
      parsed = undefined;
    }
    check(
      isDeepStrictEqual(parsed, JSON.parse(body)),
      `'body' answered ${reply.toString('utf8').slice(0, 200)}, expected ${body}`,
    );
  },
};

export const httpTextBody: WorkerScenario = {
  name: 'http-text-body',
  title: 'HTTP: a UTF-8 text body reaches the function and comes back byte for byte',
  async run(session) {
    const body = 'héllo, kit ✓\nsecond line';
    const reply = await roundTrip(session, body, 'text/plain; charset=utf-8');
    check(
      reply.equals(Buffer.from(body)),
      `'body' answered ${JSON.stringify(reply.toString('utf8'))}, expected ${JSON.stringify(body)}`,
    );
  },
};

export const httpBinaryBody: WorkerScenario = {
  name: 'http-binary-body',
  title: 'HTTP: a binary body (every byte value) reaches the function and comes back unchanged',
  async run(session) {
    const body = Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256));
    const reply = await roundTrip(session, body, 'application/octet-stream');
    check(reply.equals(body), `'body' answered ${reply.length} bytes that differ from the 512 sent`);
  },
};

export const largeBody: WorkerScenario = {
  name: 'large-body',
  title: 'HTTP: a 50 MB body both ways (the host allows 2147483647-byte messages)',
  async run(session) {
    const body = Buffer.alloc(50 * 1024 * 1024);
    for (let i = 0; i < body.length; i += 4096) body.writeUInt32LE(i, i);
    const reply = await roundTrip(session, body, 'application/octet-stream');
    check(
      reply.length === body.length && sha256(reply) === sha256(body),
      `'body' answered ${reply.length} bytes (sha256 ${sha256(reply)}), expected ${body.length} (sha256 ${sha256(body)})`,
    );
  },
};

export const httpResponseParts: WorkerScenario = {
  name: 'http-response-parts',
  title: 'HTTP: status, headers and cookies the function sets come back',
  async run(session) {
    await session.ready();
    const { reply, message } = await invokeHttp(session, session.fn('respond'), {
      url: 'http://localhost:7071/api/respond',
    });
    check(reply.status === 201, `status ${reply.status}, expected 201`, message);
    check(
      reply.headers['x-kit'] === 'yes',
      `header x-kit is ${reply.headers['x-kit']}, expected yes`,
      message,
    );
    const cookie =
      reply.cookies.some((c: RpcHttpCookie) => c.name === 'kit' && c.value === '1') ||
      /(^|,\s*)kit=1(;|$)/.test(reply.headers['set-cookie'] ?? '');
    check(cookie, 'no cookie kit=1 (neither in cookies nor in a Set-Cookie header)', message);
    check(
      reply.body.toString('utf8') === 'created',
      `body ${JSON.stringify(reply.body.toString('utf8'))}, expected "created"`,
      message,
    );
  },
};

/** Posts `body` to the kit's `body` function and returns the body it answered. */
async function roundTrip(
  session: WorkerSession,
  body: string | Buffer,
  contentType: string,
): Promise<Buffer> {
  await session.ready();
  const request: HttpRequestInit = {
    method: 'POST',
    url: 'http://localhost:7071/api/body',
    headers: { 'content-type': contentType, 'content-length': String(Buffer.byteLength(body)) },
    body,
  };
  const { reply } = await invokeHttp(session, session.fn('body'), request);
  return reply.body;
}

function pick(record: Record<string, string> | undefined, keys: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    keys.filter((key) => record?.[key] !== undefined).map((key) => [key, record![key]!]),
  );
}

function lowerKeys(record: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(record ?? {}).map(([key, value]) => [key.toLowerCase(), value]));
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16);
}
