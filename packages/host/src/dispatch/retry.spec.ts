import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHost, type RunningHost } from '../host.js';
import { eventually, testApp } from '../testing/fixtures.js';

describe('retry policies', { timeout: 60_000 }, () => {
  let host: RunningHost;
  before(async () => (host = await startHost({ appDir: testApp('retry'), port: 0 })));
  after(() => host.stop());

  /** What the function logged about each of its attempts, oldest first. */
  const attempts = (name: string): string[] =>
    host.logs
      .filter((record) => record.functionName === name && record.message.startsWith('attempt '))
      .map((record) => record.message);
  const waits = (name: string): string[] =>
    host.logs
      .filter((record) => record.message.startsWith(`Waiting `) && record.functionName === name)
      .map((record) => record.message);

  it("retries a function per its own policy, with the retry context and the last attempt's error", async () => {
    const outcome = await host.invoke('flaky', 'message');
    assert.equal(outcome.ok, true);
    assert.deepEqual(attempts('flaky'), [
      'attempt 0 of 3; previous: -',
      'attempt 1 of 3; previous: flaky failure 0',
    ]);
    assert.deepEqual(waits('flaky'), [
      "Waiting 1000 ms before retrying function 'Functions.flaky'. Next attempt: 1. Max retry count: 3.",
    ]);
  });

  it('gives up after maxRetryCount retries with the last failure; backoff doubles up to its maximum', async () => {
    // A function.json policy: its time spans, unlike the v4 library's durations, may be below a second.
    const legacy = await startHost({ appDir: testApp('retry-legacy'), port: 0 });
    try {
      const outcome = await legacy.invoke('backoff', 'message');
      assert.equal(outcome.ok, false);
      assert.equal(!outcome.ok && outcome.reason, 'failure');
      assert.match(!outcome.ok ? outcome.message : '', /backoff/);
      const logged = (prefix: string): string[] =>
        legacy.logs.filter((record) => record.message.startsWith(prefix)).map((record) => record.message);
      assert.deepEqual(logged('attempt '), [
        'attempt 0 of 3',
        'attempt 1 of 3',
        'attempt 2 of 3',
        'attempt 3 of 3',
      ]);
      assert.deepEqual(
        logged('Waiting ').map((message) => /Waiting (\d+) ms/.exec(message)?.[1]),
        ['10', '20', '30'],
      );
    } finally {
      await legacy.stop();
    }
  });

  it("applies host.json's retry to functions without their own policy", async () => {
    const outcome = await host.invoke('defaulted', 'message');
    assert.equal(outcome.ok, false);
    assert.deepEqual(attempts('defaulted'), [
      'attempt 0 of 1; previous: -',
      'attempt 1 of 1; previous: defaulted',
    ]);
  });

  it('never retries an HTTP function, and sends it no retry context', async () => {
    const response = await host.fetch('/api/broken');
    assert.equal(response.status, 500);
    await eventually(() => attempts('broken').length > 0, 5000, 'the attempt log');
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(attempts('broken'), ['attempt none of none; previous: -']);
  });

  it('stops waiting for a retry when the host stops, returning the last failure', async () => {
    const own = await startHost({ appDir: testApp('retry'), port: 0 });
    const outcome = own.invoke('patient', 'message');
    // Both the admin invocation and the timer that ran at start-up wait ten minutes for their retries.
    await eventually(
      () => own.logs.filter((record) => record.message.startsWith('Waiting 600000 ms')).length === 2,
      10_000,
      'the waits before the first retries',
    );
    let timer: NodeJS.Timeout | undefined;
    const hung = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error('stop() waited for a retry')), 15_000);
    });
    await Promise.race([own.stop(), hung]).finally(() => clearTimeout(timer));
    const last = await outcome;
    assert.equal(last.ok, false);
    assert.match(!last.ok ? last.message : '', /patient/);
  });
});
