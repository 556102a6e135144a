import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { describeHostConformance } from '../conformance/node-test.js';
import { runHostSuite } from './host-suite.js';

/** The bundled `fnrpc` command of packages/host. */
const FNRPC = fileURLToPath(new URL('../../../../host/dist/bundle/cli.js', import.meta.url));

describeHostConformance('our host (fnrpc start)', {
  command: [
    process.execPath,
    FNRPC,
    'start',
    '{appDir}',
    '--worker-dir',
    '{workerDir}',
    '--port',
    '{port}',
    '--no-watch',
  ],
});

describe('the host suite against a command that is no host', { timeout: 60_000 }, () => {
  it('fails the scenarios, naming what the host never did', async () => {
    const results = await runHostSuite({
      command: [process.execPath, '-e', 'setTimeout(() => {}, 60000)'],
      only: ['host-launch', 'host-http-node-shape'],
      timeoutMs: 3000,
    });
    assert.deepEqual(
      results.map((result) => [result.name, result.verdict]),
      [
        ['host-launch', 'fail'],
        ['host-http-node-shape', 'fail'],
      ],
    );
    assert.match(results[0]!.reason ?? '', /started no worker/);
  });
});
