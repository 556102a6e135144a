import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { startHost, type RunningHost, type StartHostOptions } from './host.js';
import { eventually, FIXTURE_WORKER_DIR, testApp } from './testing/fixtures.js';

/**
 * The fixture worker on the function.json fixture app: host.json sets functionTimeout to 2 s, and `echo`'s
 * function.json to 1 s.
 */
describe('misbehaving workers', { timeout: 90_000 }, () => {
  let host: RunningHost | undefined;
  const start = async (options: Partial<StartHostOptions> = {}, mode = 'normal'): Promise<RunningHost> => {
    host = await startHost({
      appDir: testApp('fixture'),
      port: 0,
      workerDirs: [FIXTURE_WORKER_DIR],
      restartBackoffMs: 10,
      env: { ...process.env, FIXTURE_WORKER_MODE: mode },
      ...options,
    });
    return host;
  };
  const pid = (h: RunningHost): number | undefined => h.status().workers[0]?.pid;
  afterEach(() => host?.stop());

  it('indexes function.json folders when the worker asks for default indexing', async () => {
    const h = await start();
    assert.deepEqual(
      h.functions.map((fn) => [fn.name, fn.trigger, fn.disabled]),
      [
        ['echo', 'manualTrigger', false],
        ['greet', 'httpTrigger', true],
      ],
    );
    const outcome = await h.invoke('echo', 'ping');
    assert.ok(outcome.ok);
    assert.equal(outcome.response.returnValue?.data.value, 'ping');
    assert.equal((await h.fetch('/api/greet')).status, 404, 'AzureWebJobs.greet.Disabled turns it off');
  });

  it('fails an invocation at once when its worker dies, then runs the next one on a new worker', async () => {
    const h = await start();
    const first = pid(h);
    const lost = await h.invoke('echo', 'crash');
    assert.ok(!lost.ok);
    assert.equal(lost.reason, 'worker-lost');
    assert.match(lost.message, /exited with code 3 \(0x3\): fixture worker: fatal error on purpose/);
    assert.ok((await h.invoke('echo', 'again')).ok);
    assert.notEqual(pid(h), first);
  });

  it('restarts a worker that exits with 200 without counting an error, and one that exits with 0 as an error', async () => {
    const h = await start();
    for (const [input, errors] of [
      ['exit 200', 0],
      ['exit 0', 1],
    ] as const) {
      const first = pid(h);
      const lost = await h.invoke('echo', input);
      assert.ok(!lost.ok);
      assert.equal(lost.reason, 'worker-lost');
      assert.ok((await h.invoke('echo', 'next')).ok);
      assert.notEqual(pid(h), first);
      assert.equal(h.status().restarts.errorCount, errors);
    }
  });

  it('restarts a worker that cannot cancel a timed-out invocation after the grace period (function.json functionTimeout wins)', async () => {
    const h = await start({ cancelGraceMs: 200 });
    const first = pid(h);
    const outcome = await h.invoke('echo', 'hang');
    assert.ok(!outcome.ok);
    assert.equal(outcome.reason, 'timeout');
    assert.equal(outcome.message, 'Timeout value of 00:00:01 was exceeded by function: Functions.echo');
    await eventually(() => pid(h) !== undefined && pid(h) !== first, 5000, 'a new worker');
    assert.ok(
      h.logs.some((r) => /A function timeout has occurred\. Restarting worker process/.test(r.message)),
    );
    assert.ok((await h.invoke('echo', 'after')).ok);
  });

  it('restarts a worker that stops answering status requests', async () => {
    const h = await start({ healthCheck: { intervalMs: 50, timeoutMs: 200 } }, 'silent-status');
    const first = pid(h);
    await eventually(
      () => h.logs.some((r) => /did not answer a status request/.test(r.message)),
      5000,
      'the health check',
    );
    await eventually(() => pid(h) !== undefined && pid(h) !== first, 5000, 'a new worker');
  });

  it('fails the start when the first worker does not answer init within initializationTimeout', async () => {
    await assert.rejects(
      start({}, 'silent-init'),
      /The host could not start: WorkerInitResponse did not arrive within 2000 ms/,
    );
  });

  it('after 3 x processCount errors says so, answers 503 at once, and keeps restarting further apart', async () => {
    const h = await start();
    for (let i = 0; i < 3; i++) {
      const outcome = await h.invoke('echo', 'crash');
      assert.ok(!outcome.ok);
    }
    await eventually(() => h.status().state === 'Error', 5000, 'the budget to be spent');
    assert.ok(
      h.logs.some(
        (r) =>
          r.level === 'Critical' &&
          /Exceeded language worker restart retry count .* restarting one in 1 s/.test(r.message),
      ),
    );
    const { restarts } = h.status();
    assert.equal(restarts.overBudget, true);
    assert.ok(restarts.nextRestartAt && Date.parse(restarts.nextRestartAt) > Date.now() - 1000);
    const refused = await h.invoke('echo', 'late');
    assert.ok(!refused.ok);
    assert.equal(refused.reason, 'unavailable');
    // The next worker comes after the longer delay, and the app serves again.
    await eventually(() => h.status().state === 'Running', 10_000, 'a worker after the delay');
    assert.equal(h.status().restarts.nextRestartAt, undefined);
    assert.ok((await h.invoke('echo', 'back')).ok);
    // Another crash waits longer still (2 s), and is not Critical again.
    assert.ok(!(await h.invoke('echo', 'crash')).ok);
    await eventually(() => h.status().state === 'Error', 5000, 'the next wait');
    const last = h.logs.filter((r) => /Exceeded language worker restart retry count/.test(r.message)).at(-1);
    assert.equal(last?.level, 'Error');
    assert.match(last?.message ?? '', /restarting one in 2 s/);
    // A restart of the host (as a change to the app's files makes) starts over at once with a fresh budget.
    await h.restart();
    assert.equal(h.status().state, 'Running');
    assert.deepEqual(h.status().restarts, { errorCount: 0, threshold: 3, overBudget: false });
    assert.ok((await h.invoke('echo', 'fresh')).ok);
  });
});
