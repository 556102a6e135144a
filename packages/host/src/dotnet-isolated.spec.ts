import assert from 'node:assert/strict';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildInteropApp, dotnetUnavailable, type InteropDotnetApp } from '@functions-rpc/testkit';
import { startHost, type RunningHost } from './host.js';
import type { LogRecord } from './log/log-record.js';
import { eventually } from './testing/fixtures.js';
import { drainQueue } from './testing/queues.js';

// Microsoft's .NET isolated worker (Microsoft.Azure.Functions.Worker 2.x) running our interop apps, built from
// their sources once per content (see interop/dotnet-isolated). Both apps have the same HTTP functions; HttpApp
// has a queue-triggered one besides.
const unavailable = await dotnetUnavailable();
if (unavailable) console.log(`# .NET isolated worker tests skipped: ${unavailable}`);
const skip = unavailable ?? false;
const HTTP_FUNCTIONS = ['Echo', 'Fail', 'Greet', 'Log', 'Wait', 'hello'];
/** A first build restores packages and builds the WorkerExtensions project: allow minutes. */
const BUILD_TIMEOUT_MS = 600_000;

/** Builds an interop app (or reuses its build) and says so in the test log. */
async function build(project: InteropDotnetApp): Promise<string> {
  const result = await buildInteropApp(project);
  const how = result.built ? `built in ${result.ms} ms` : 'reused from an earlier build of the same sources';
  console.log(`# .NET isolated ${project}: ${how} (${result.outputDir})`);
  return result.outputDir;
}

/** Starts a GET that the client abandons later, as a user closing the connection would. */
function abandonableGet(url: string): { abandon(): void } {
  const req = request(url, { method: 'GET' });
  req.on('error', () => {});
  req.end();
  return { abandon: () => req.destroy() };
}

/** Resolves once the host has a log record with exactly this message. */
function logged(host: RunningHost, message: string): Promise<void> {
  return eventually(() => host.logs.some((r) => r.message === message), 15_000, `the log '${message}'`);
}

function userLogs(host: RunningHost, functionName: string, marker: string): LogRecord[] {
  return host.logs.filter(
    (r) => r.category === `Function.${functionName}.User` && r.message.endsWith(marker),
  );
}

/** Checks the HTTP functions every interop app has; `proxied` for the ASP.NET Core integration. */
async function checkFunctions(host: RunningHost, proxied: boolean, others: string[] = []): Promise<void> {
  assert.deepEqual(host.errors, []);
  assert.deepEqual(host.functions.map((fn) => fn.name).sort(), [...HTTP_FUNCTIONS, ...others].sort());

  const greet = await host.fetch('/api/greet/Ada?greeting=Hi', {
    // The host must overwrite a client's correlation header, or the worker cannot pair request and invocation.
    headers: { 'x-ms-invocation-id': '00000000-0000-0000-0000-000000000000' },
  });
  assert.equal(greet.status, 200);
  assert.equal(greet.headers.get('content-type'), 'text/plain; charset=utf-8');
  assert.equal(await greet.text(), 'Hi, Ada!');
  assert.equal(await (await host.fetch('/api/greet/Bob')).text(), 'Hello, Bob!');
  assert.equal((await host.fetch('/api/greet/Bob', { method: 'POST' })).status, 404); // a method mismatch is no match, as on the reference host
  assert.equal(await (await host.fetch('/api/hello', { method: 'POST', body: 'x' })).text(), 'Hello, world!');

  const echo = await host.fetch('/api/echo', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"a":[1,2],"s":"é"}',
  });
  assert.equal(echo.status, 201);
  assert.equal(echo.headers.get('x-echo-method'), 'POST');
  assert.equal(echo.headers.get('x-echo-content-type'), 'application/json');
  assert.equal(echo.headers.get('content-type'), 'application/json; charset=utf-8');
  assert.deepEqual(await echo.json(), { received: { a: [1, 2], s: 'é' } });

  const fail = await host.fetch('/api/fail');
  // The worker's ASP.NET Core side answers a function that threw with its default 200 and no body as soon as
  // the function ends (FunctionsHttpProxyingMiddleware completes the request in a finally); the host answers
  // 500 only when the failed InvocationResponse comes first. The reference host forwards the same race.
  if (proxied) assert.ok([200, 500].includes(fail.status), `status ${fail.status}`);
  else assert.equal(fail.status, 500);
  await fail.arrayBuffer();
  await eventually(
    () => host.logs.some((r) => r.level === 'Error' && /Functions\.Fail.*planned failure/.test(r.message)),
    10_000,
    'the failed invocation with its exception message',
  );

  const marker = `m${Date.now()}`;
  const log = await host.fetch(`/api/log?marker=${marker}`);
  assert.equal(log.status, 200);
  assert.equal(await log.text(), 'logged');
  await eventually(() => userLogs(host, 'Log', marker).length === 4, 10_000, 'the four user logs');
  const logs = userLogs(host, 'Log', marker);
  assert.deepEqual(
    logs.map((r) => [r.level, r.message]),
    [
      ['Information', `information ${marker}`],
      ['Warning', `warning ${marker}`],
      ['Error', `error ${marker}`],
      ['Critical', `critical ${marker}`],
    ],
    "Trace and Debug stay below the worker's default minimum level",
  );
  assert.ok(logs.every((r) => r.functionName === 'Log' && r.invocationId));
  assert.match(logs[2]!.exception ?? '', /InvalidOperationException: logged exception/);
}

/** The Wait function sees its CancellationToken fire when the client goes away. */
async function checkClientCancel(host: RunningHost): Promise<void> {
  const marker = `c${Date.now()}`;
  const get = abandonableGet(`${host.url}/api/wait?marker=${marker}`);
  await logged(host, `wait started ${marker}`);
  get.abandon();
  await logged(host, `wait cancelled ${marker}`);
  const cancelled = host.logs.find((r) => r.message === `wait cancelled ${marker}`);
  assert.equal(cancelled?.level, 'Warning');
}

describe('.NET isolated worker: HttpRequestData app', { skip, timeout: BUILD_TIMEOUT_MS + 120_000 }, () => {
  let appDir: string;
  let host: RunningHost;
  before(async () => {
    appDir = await build('HttpApp');
    host = await startHost({ appDir, port: 0, storage: 'memory' });
  });
  after(() => host?.stop());

  it('indexes through FunctionsMetadataRequest and serves every function over RpcHttp', async () => {
    const [worker] = host.status().workers;
    assert.equal(worker?.runtime, '.NET');
    assert.equal(worker.capabilities['HandlesInvocationCancelMessage'], 'True');
    assert.equal(worker.capabilities['HttpUri'], undefined);
    assert.match(worker.workerVersion ?? '', /^2\./);
    await checkFunctions(host, false, ['QueueRelay']);
  });

  it('runs a queue trigger with its trigger metadata and writes its queue output', async () => {
    const storage = await host.storageConnectionString();
    const sent = await host.sendQueueMessage('dotnet-in', 'order 42');
    assert.equal((await sent.ran).ok, true);
    const [relayed] = await drainQueue(storage, 'dotnet-out', 1);
    assert.ok(relayed, 'a message on dotnet-out');
    assert.deepEqual(JSON.parse(relayed), { message: 'order 42', id: sent.messageId, dequeueCount: '1' });
  });

  it("cancels the worker's CancellationToken through InvocationCancel when the client goes away", async () => {
    await checkClientCancel(host);
  });

  it('restarts a worker that died and serves from the new one', async () => {
    const pid = host.status().workers[0]?.pid;
    assert.ok(pid);
    process.kill(pid, 'SIGKILL');
    await eventually(
      () => host.status().workers.some((w) => w.state === 'ready' && w.pid !== pid),
      30_000,
      'a new worker',
    );
    const again = await host.fetch('/api/greet/again');
    assert.equal(await again.text(), 'Hello, again!');
  });

  it('stops its worker with WorkerTerminate: the process exits by itself with code 0', async () => {
    const stopping = await startHost({ appDir, port: 0 });
    const pid = stopping.status().workers[0]?.pid;
    assert.ok(pid);
    await stopping.stop();
    assert.throws(() => process.kill(pid, 0), 'the worker process is gone');
    assert.ok(
      stopping.logs.some((r) => r.workerId && r.message === 'Worker process exited with code 0 (0x0)'),
      stopping.logs
        .filter((r) => r.workerId)
        .map((r) => r.message)
        .join('\n'),
    );
  });
});

describe('.NET isolated worker: function timeout', { skip, timeout: BUILD_TIMEOUT_MS + 60_000 }, () => {
  let dir: string;
  let host: RunningHost;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fnrpc-dotnet-timeout-'));
    await cp(await build('HttpApp'), dir, { recursive: true });
    await writeFile(join(dir, 'host.json'), JSON.stringify({ version: '2.0', functionTimeout: '00:00:03' }));
    host = await startHost({ appDir: dir, port: 0 });
  });
  after(async () => {
    await host?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('cancels a timed-out invocation on the worker and keeps the worker', async () => {
    const pid = host.status().workers[0]?.pid;
    const marker = `t${Date.now()}`;
    const response = await host.fetch(`/api/wait?seconds=30&marker=${marker}`);
    assert.equal(response.status, 500);
    await response.arrayBuffer();
    await logged(host, `wait cancelled ${marker}`);
    assert.ok(
      host.logs.some((r) => /Timeout value of .* exceeded by function 'Functions\.Wait'/.test(r.message)),
    );
    assert.equal(host.status().workers[0]?.pid, pid, 'the worker was not restarted');
    assert.equal((await host.fetch('/api/greet/still')).status, 200);
  });
});

describe(
  '.NET isolated worker: ASP.NET Core integration',
  { skip, timeout: BUILD_TIMEOUT_MS + 60_000 },
  () => {
    let appDir: string;
    let host: RunningHost;
    before(async () => {
      appDir = await build('AspNetApp');
      host = await startHost({ appDir, port: 0 });
    });
    after(() => host?.stop());

    it('forwards requests to the worker’s HttpUri while the invocation runs', async () => {
      const [worker] = host.status().workers;
      assert.match(worker?.capabilities['HttpUri'] ?? '', /^http:\/\/localhost:\d+\/$/);
      await checkFunctions(host, true);
    });

    it("cancels the worker's CancellationToken when the client goes away", async () => {
      await checkClientCancel(host);
    });

    it('forwards each request to the HttpUri of the worker that runs its invocation', async () => {
      const two = await startHost({ appDir, port: 0, workers: 2 });
      try {
        const uris = two.status().workers.map((w) => w.capabilities['HttpUri']);
        assert.equal(new Set(uris).size, 2, `two workers with their own HttpUri: ${uris.join(', ')}`);
        const marker = `p${Date.now()}`;
        // Overlapping invocations are spread over both workers (the least busy one takes the next).
        const answers = await Promise.all(
          [1, 2, 3, 4].map(async (n) => (await two.fetch(`/api/wait?seconds=1&marker=${marker}${n}`)).text()),
        );
        assert.deepEqual(answers, ['waited', 'waited', 'waited', 'waited']);
        const ran = two.logs.filter((r) => r.message.startsWith(`wait started ${marker}`));
        assert.equal(new Set(ran.map((r) => r.workerId)).size, 2, 'both workers ran some');
      } finally {
        await two.stop();
      }
    });
  },
);
