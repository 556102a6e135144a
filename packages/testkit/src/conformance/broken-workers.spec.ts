import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { kitApp } from './kit-apps.js';
import { runWorkerSuite } from './worker-suite.js';

/** test/workers/kit-worker.mjs: implements the kit's functions itself; a fault variable breaks one rule. */
const KIT_WORKER = fileURLToPath(new URL('../../../test/workers/kit-worker.mjs', import.meta.url));

/** Scenarios that touch every rule the faults break, and a few that must stay green around them. */
const SCENARIOS = [
  'indexing',
  'load-unknown-function',
  'http-request-parts',
  'invocation-logs',
  'timer-invocation',
  'worker-status',
  'unknown-message',
  'stream-ended',
];

/** Runs the scenarios against the kit worker with one fault and returns the names that failed. */
async function failingScenarios(fault: string): Promise<string[]> {
  const results = await runWorkerSuite({
    launch: { command: process.execPath, args: [KIT_WORKER], env: { FNRPC_KIT_WORKER_FAULT: fault } },
    appDir: kitApp('node-v4'),
    only: SCENARIOS,
    timeoutMs: 20_000,
  });
  assert.equal(results.length, SCENARIOS.length);
  return results.filter((result) => result.verdict === 'fail').map((result) => result.name);
}

describe('the worker suite against deliberately broken workers', { timeout: 240_000 }, () => {
  it('passes the kit worker without a fault', async () => {
    assert.deepEqual(await failingScenarios(''), []);
  });

  it('fails every scenario that invokes, and only those, for a worker that answers each invocation twice', async () => {
    assert.deepEqual(await failingScenarios('twice'), [
      'load-unknown-function',
      'http-request-parts',
      'invocation-logs',
      'timer-invocation',
      'unknown-message',
    ]);
  });

  it('fails worker-status alone for a worker that ignores status requests', async () => {
    assert.deepEqual(await failingScenarios('ignore-status'), ['worker-status']);
  });

  it('fails invocation-logs alone for a worker that loses the invocation id on its logs', async () => {
    assert.deepEqual(await failingScenarios('lose-log-id'), ['invocation-logs']);
  });

  it('fails unknown-message alone for a worker that exits on an unknown message kind', async () => {
    assert.deepEqual(await failingScenarios('exit-on-unknown'), ['unknown-message']);
  });

  it('fails every scenario that needs the functions, rather than skipping them, for a worker whose indexing fails', async () => {
    assert.deepEqual(
      await failingScenarios('index-fails'),
      SCENARIOS.filter((name) => name !== 'worker-status'),
    );
  });
});
