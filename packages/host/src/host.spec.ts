import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { HostStatus } from './admin/host-status.js';
import { startHost, type RunningHost } from './host.js';
import { eventually, testApp, writeHelloApp } from './testing/fixtures.js';

/** Pids of the workers that are ready. */
function readyPids(host: RunningHost): (number | undefined)[] {
  return host
    .status()
    .workers.filter((w) => w.state === 'ready')
    .map((w) => w.pid);
}

describe('startHost with our Node.js worker (two processes)', { timeout: 60_000 }, () => {
  let host: RunningHost;
  before(async () => {
    host = await startHost({ appDir: testApp('basic'), port: 0, workers: 2, enableAuth: true });
  });
  after(() => host?.stop());

  it('indexes the app through the worker and reports every function with its trigger', () => {
    const byName = new Map(host.functions.map((fn) => [fn.name, fn]));
    assert.deepEqual(byName.get('hello'), {
      name: 'hello',
      trigger: 'httpTrigger',
      methods: ['GET', 'POST'],
      url: `${host.url}/api/hello`,
      authLevel: 'anonymous',
      disabled: false,
    });
    assert.equal(byName.get('queued')?.trigger, 'manualTrigger');
    assert.equal(byName.get('ticker')?.trigger, 'timerTrigger');
    assert.deepEqual(host.errors, []);
  });

  it('serves an HTTP function with the app settings in the worker environment', async () => {
    const response = await host.fetch('/api/hello?name=tester');
    assert.equal(response.status, 200);
    assert.match(await response.text(), /^Hello, tester! \(pid \d+\)$/);
  });

  it('spreads concurrent invocations over both workers', async () => {
    const bodies = await Promise.all(
      Array.from({ length: 6 }, () => host.fetch('/api/slow?ms=150').then((r) => r.text())),
    );
    const pids = new Set(bodies.map((body) => /pid (\d+)/.exec(body)?.[1]));
    assert.equal(pids.size, 2, bodies.join('\n'));
  });

  it('runs a queue function through invoke() and collects its logs', async () => {
    const outcome = await host.invoke('queued', 'hi there');
    assert.equal(outcome.ok, true);
    const log = host.logs.find((record) => record.message === 'queued got "hi there"');
    assert.equal(log?.functionName, 'queued');
    assert.equal(log?.category, 'Function.queued.User');
  });

  it('reports a failing function with an error id that is also logged', async () => {
    const outcome = await host.invoke('queued', 'fail');
    assert.ok(!outcome.ok);
    assert.equal(outcome.reason, 'failure');
    assert.match(outcome.message, /asked to fail/);
    assert.ok(host.logs.some((record) => record.errorId === outcome.errorId && record.level === 'Error'));
  });

  it('runs a timer function by hand with a TimerInfo', async () => {
    assert.equal((await host.invoke('ticker')).ok, true);
    assert.ok(host.logs.some((record) => record.message === 'ticker isPastDue=false'));
  });

  it('runs timer functions on their schedule (runOnStartup fires once after start)', async () => {
    await eventually(
      () => host.logs.some((r) => r.message === 'starter ran, isPastDue=false'),
      5000,
      'the timer',
    );
    assert.equal(host.logs.filter((r) => r.message.startsWith('starter ran')).length, 1);
  });

  it('refuses invoke() of unknown and HTTP functions', async () => {
    await assert.rejects(host.invoke('nope'), /No function named 'nope'/);
    await assert.rejects(host.invoke('hello'), /HTTP function/);
  });

  it('enforces auth levels with the generated keys (enableAuth)', async () => {
    const plain = (path: string, key?: string): Promise<number> =>
      fetch(`${host.url}${path}`, key ? { headers: { 'x-functions-key': key } } : {}).then((r) => r.status);
    assert.equal(await plain('/api/secured'), 401);
    assert.equal(await plain('/api/secured', host.keys.function), 200);
    assert.equal(await plain(`/api/secured?code=${host.keys.function}`), 200);
    assert.equal(await plain('/api/adminonly', host.keys.function), 401);
    assert.equal(await plain('/api/adminonly', host.keys.master), 200);
  });

  it('serves the admin API behind the master key', async () => {
    assert.equal((await fetch(`${host.url}/admin/functions`)).status, 401);
    assert.equal(
      (await fetch(`${host.url}/admin/functions`, { headers: { 'x-functions-key': host.keys.function } }))
        .status,
      401,
    );
    assert.equal((await fetch(`${host.url}/admin/host/ping`)).status, 200);
    assert.equal((await fetch(`${host.url}/admin/host/ping`, { method: 'POST' })).status, 200);
    const list = (await (await host.fetch('/admin/functions')).json()) as {
      name: string;
      invoke_url_template: string | null;
    }[];
    assert.deepEqual(list.map((fn) => fn.name).sort(), [
      'adminOnly',
      'crash',
      'hello',
      'queued',
      'secured',
      'slow',
      'starter',
      'ticker',
    ]);
    assert.equal(list.find((fn) => fn.name === 'hello')?.invoke_url_template, `${host.url}/api/hello`);
    const one = (await (await host.fetch('/admin/functions/QUEUED')).json()) as {
      name: string;
      trigger: string;
    };
    assert.deepEqual([one.name, one.trigger], ['queued', 'manualTrigger']);
    assert.equal((await host.fetch('/admin/functions/missing')).status, 404);
    assert.equal((await host.fetch('/admin/functions/%ZZ')).status, 400);
  });

  it('reads the code query key by one rule on function and admin routes: first value, name in any case', async () => {
    const status = async (path: string): Promise<number> => (await fetch(`${host.url}${path}`)).status;
    const { master, function: functionKey } = host.keys;
    assert.equal(await status(`/admin/functions?CODE=${master}&code=wrong`), 200);
    assert.equal(await status(`/admin/functions?code=wrong&code=${master}`), 401);
    assert.equal(await status(`/api/secured?Code=${functionKey}&code=wrong`), 200);
    assert.equal(await status(`/api/secured?code=wrong&code=${functionKey}`), 401);
  });

  it('invokes a function through POST /admin/functions/{name}', async () => {
    const post = (name: string, body?: string): Promise<Response> =>
      host.fetch(`/admin/functions/${name}`, { method: 'POST', ...(body !== undefined ? { body } : {}) });
    assert.equal((await post('queued', JSON.stringify({ input: 'from admin' }))).status, 202);
    await eventually(
      () => host.logs.some((r) => r.message === 'queued got "from admin"'),
      5000,
      'the admin invocation',
    );
    assert.equal((await post('missing', '{"input":"x"}')).status, 404);
    assert.equal((await post('queued')).status, 400);
    assert.equal((await post('queued', 'not json')).status, 400);
  });

  it('reports the host and its workers in /admin/host/status', async () => {
    const status = (await (await host.fetch('/admin/host/status')).json()) as HostStatus;
    assert.equal(status.state, 'Running');
    assert.equal(status.workers.length, 2);
    for (const worker of status.workers) {
      assert.equal(worker.state, 'ready');
      assert.equal(typeof worker.pid, 'number');
      assert.equal(worker.runtime, 'node');
      assert.equal(worker.capabilities['WorkerStatus'], 'true');
      assert.ok(worker.statusLatencyMs.length >= 1, 'a status round-trip was measured');
    }
  });

  it('fails the invocations of a crashed worker at once with 500 + error id, then restarts it', async () => {
    const before = host.status().workers.map((w) => w.pid);
    const response = await host.fetch('/api/crash');
    assert.equal(response.status, 500);
    const { errorId } = (await response.json()) as { errorId: string };
    const logged = host.logs.find((r) => r.errorId === errorId && r.functionName === 'crash');
    assert.ok(logged, 'the error id of the answer is in the log');
    assert.match(logged.message, /exited with code 3/);
    assert.equal((await host.fetch('/api/hello')).status, 200);
    await eventually(() => readyPids(host).length === 2, 10_000, 'the restart');
    assert.equal(readyPids(host).filter((pid) => !before.includes(pid)).length, 1, 'one new worker process');
  });

  it('answers 500 at once when a worker is killed mid-invocation', async () => {
    const pending = host.fetch('/api/slow?ms=20000');
    await eventually(() => host.status().workers.some((w) => w.inFlight === 1), 5000, 'the invocation');
    const busy = host.status().workers.find((w) => w.inFlight === 1)!;
    process.kill(busy.pid!, 'SIGKILL');
    const response = await pending;
    assert.equal(response.status, 500);
    const { errorId } = (await response.json()) as { errorId: string };
    assert.match(errorId, /^[0-9a-f-]{36}$/);
    assert.ok(host.logs.some((r) => r.errorId === errorId && /killed by SIGKILL/.test(r.message)));
    assert.equal((await host.fetch('/api/hello')).status, 200);
    await eventually(
      () => readyPids(host).length === 2 && !readyPids(host).includes(busy.pid),
      10_000,
      'the restart',
    );
  });

  it('stops gracefully: running requests finish, new ones get 503, workers are terminated', async () => {
    const pids = host.status().workers.map((w) => w.pid!);
    const running = host.fetch('/api/slow?ms=400');
    await eventually(() => host.status().workers.some((w) => w.inFlight === 1), 5000, 'the invocation');
    const stopping = host.stop();
    assert.equal((await host.fetch('/api/hello')).status, 503);
    await stopping;
    const finished = await running;
    assert.equal(finished.status, 200);
    assert.match(await finished.text(), /^slept 400/);
    for (const pid of pids) assert.throws(() => process.kill(pid, 0), 'worker process is gone');
    await assert.rejects(fetch(`${host.url}/admin/host/ping`));
    assert.ok(host.logs.some((r) => /Received WorkerTerminate/.test(r.message)));
  });
});

describe('authorization as func start (no enableAuth)', { timeout: 30_000 }, () => {
  it('serves every auth level and the admin API without a key; a disabled function still needs the master key', async () => {
    const host = await startHost({ appDir: testApp('basic'), port: 0 });
    const dir = await mkdtemp(join(tmpdir(), 'fnrpc-disabled-'));
    try {
      assert.equal(host.enableAuth, false);
      const plain = (path: string, init?: RequestInit): Promise<number> =>
        fetch(`${host.url}${path}`, init).then((r) => r.status);
      assert.equal(await plain('/api/secured'), 200);
      assert.equal(await plain('/api/adminonly'), 200);
      assert.equal(await plain('/api/secured?code=wrong'), 200);
      assert.equal(await plain('/admin/functions'), 200);
      assert.equal(await plain('/admin/functions/queued', { method: 'POST', body: '{"input":"x"}' }), 202);
      await host.stop();
      await writeHelloApp(dir, 'off', {
        localSettings: {
          Values: { FUNCTIONS_WORKER_RUNTIME: 'node', 'AzureWebJobs.hello.Disabled': 'true' },
        },
      });
      const disabled = await startHost({ appDir: dir, port: 0 });
      try {
        assert.equal((await fetch(`${disabled.url}/api/hello`)).status, 404);
        const master = { headers: { 'x-functions-key': disabled.keys.master } };
        assert.equal(await (await fetch(`${disabled.url}/api/hello`, master)).text(), 'off');
      } finally {
        await disabled.stop();
      }
    } finally {
      await host.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('function timeout with a worker that can cancel', { timeout: 30_000 }, () => {
  let host: RunningHost;
  before(async () => {
    host = await startHost({ appDir: testApp('timeout'), port: 0 });
  });
  after(() => host?.stop());

  it('fails the invocation as a timeout and keeps the worker', async () => {
    const pid = host.status().workers[0]?.pid;
    const outcome = await host.invoke('sleepy', '2500');
    assert.ok(!outcome.ok);
    assert.equal(outcome.reason, 'timeout');
    const quick = await host.invoke('quick');
    assert.ok(quick.ok);
    assert.equal(host.status().workers[0]?.pid, pid, 'the worker was not restarted');
  });

  it('answers 500 at the deadline, logs it as the reference host does, and drops the late result', async () => {
    const pid = host.status().workers[0]?.pid;
    const response = await host.fetch('/api/sleepyHttp');
    assert.equal(response.status, 500);
    assert.ok(
      !host.logs.some((r) => r.message === 'returning late'),
      'answered before the function returned',
    );
    const timeoutLine = host.logs.find((r) => r.message.includes("by function 'Functions.sleepyHttp'"));
    assert.ok(timeoutLine, 'the timeout is logged');
    assert.equal(timeoutLine.level, 'Error');
    assert.equal(
      timeoutLine.message,
      `Timeout value of 00:00:01 exceeded by function 'Functions.sleepyHttp' (Id: '${timeoutLine.invocationId}'). Initiating cancellation.`,
    );
    const executed = () =>
      host.logs.filter(
        (r) => r.invocationId === timeoutLine.invocationId && r.message.startsWith('Executed '),
      );
    assert.equal(executed().length, 1);
    assert.match(
      executed()[0]?.message ?? '',
      /\(Failed, .*Timeout value of 00:00:01 was exceeded by function: Functions\.sleepyHttp/,
    );

    // The worker answers when the function returns: that answer is dropped, and the worker goes on.
    await eventually(() => host.logs.some((r) => r.message === 'returning late'), 15_000, 'the late return');
    assert.ok((await host.invoke('quick')).ok, 'the worker answers after the late response');
    assert.equal(executed().length, 1, 'one outcome per invocation');
    assert.equal(host.status().workers[0]?.pid, pid, 'the worker was kept');
  });
});

describe('running only the listed functions', { timeout: 30_000 }, () => {
  it('loads and serves only the functions named, and reports names the app does not have', async () => {
    const host = await startHost({
      appDir: testApp('basic'),
      port: 0,
      functions: ['Hello', 'queued', 'nope'],
    });
    try {
      assert.deepEqual(host.functions.map((fn) => fn.name).sort(), ['hello', 'queued']);
      assert.equal((await host.fetch('/api/hello')).status, 200);
      assert.equal((await host.fetch('/api/slow')).status, 404);
      await assert.rejects(host.invoke('ticker'), /No function named 'ticker'/);
      const messages = host.logs.map((record) => record.message);
      assert.ok(messages.includes("The function list names 'nope', which the app does not have."));
      assert.ok(messages.some((message) => /6 other function\(s\) are not loaded/.test(message)));
      // The timers that were left out never run, runOnStartup or not.
      assert.equal(
        messages.filter((message) => /Executing 'Functions\.(ticker|starter)'/.test(message)).length,
        0,
      );
    } finally {
      await host.stop();
    }
  });
});

describe('worker arguments', { timeout: 30_000 }, () => {
  it('passes --language-worker arguments and languageWorkers:node:arguments to the worker, before its path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fnrpc-worker-args-'));
    try {
      // The app setting, as the VS Code extension writes it for debugging, and the option together.
      await writeHelloApp(dir, 'ok', {
        localSettings: {
          Values: {
            FUNCTIONS_WORKER_RUNTIME: 'node',
            languageWorkers__node__arguments: '--inspect=127.0.0.1:0',
          },
        },
      });
      const host = await startHost({ appDir: dir, port: 0, workerArguments: ['--trace-warnings'] });
      try {
        assert.equal(await (await host.fetch('/api/hello')).text(), 'ok');
        const pid = host.status().workers[0]?.pid ?? assert.fail('no worker pid');
        const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        const script = argv.findIndex((arg) => arg.endsWith('main.js'));
        assert.deepEqual(argv.slice(script - 2, script), ['--inspect=127.0.0.1:0', '--trace-warnings']);
        // The debugger really listens (on loopback), and says so through the worker's output.
        await eventually(
          () => host.logs.some((record) => record.message.includes('Debugger listening on ws://127.0.0.1:')),
          5000,
          'the inspector',
        );
      } finally {
        await host.stop();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
