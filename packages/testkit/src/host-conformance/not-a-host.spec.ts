import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runHostSuite } from './host-suite.js';

describe('the host suite against a command that is no host', { timeout: 60_000 }, () => {
  it('fails the scenarios, naming what the host never did', async () => {
    const results = await runHostSuite({
      command: [process.execPath, '-e', 'setTimeout(() => {}, 60000)'],
      only: ['host-launch', 'host-http-node-shape', 'host-http-stream', 'host-timer', 'host-queue'],
      timeoutMs: 3000,
    });
    assert.deepEqual(
      results.map((result) => [result.name, result.verdict]),
      [
        ['host-launch', 'fail'],
        ['host-http-node-shape', 'fail'],
        ['host-http-stream', 'fail'],
        ['host-timer', 'fail'],
        ['host-queue', 'not-applicable'],
      ],
    );
    assert.match(results[0]!.reason ?? '', /started no worker/);
    assert.match(results[4]!.reason ?? '', /no storage connection/);
  });
});
