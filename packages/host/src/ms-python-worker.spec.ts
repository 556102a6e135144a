import assert from 'node:assert/strict';
import { delimiter } from 'node:path';
import { describe, it } from 'node:test';
import { startHost } from './host.js';
import { eventually, testApp } from './testing/fixtures.js';

const workerDir = process.env['FNRPC_MS_PYTHON_WORKER_DIR'];
const pythonPath = process.env['FNRPC_MS_PYTHON_PATH'];
const skip = workerDir
  ? false
  : 'FNRPC_MS_PYTHON_WORKER_DIR is not set (a folder holding its worker.config.json)';

/**
 * The environment the Python worker inherits. CONTAINER_NAME and WEBSITE_INSTANCE_ID make it believe it runs
 * on Azure, where it re-executes itself with a PYTHONPATH of Azure's fixed folders; PYTHONPATH carries the
 * `azure.functions` library; no bytecode is written into the fixture folder.
 */
function workerEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...extra };
  delete env['CONTAINER_NAME'];
  delete env['WEBSITE_INSTANCE_ID'];
  if (pythonPath) env['PYTHONPATH'] = [pythonPath, env['PYTHONPATH']].filter(Boolean).join(delimiter);
  return env;
}

describe("Microsoft's Python worker", { timeout: 60_000 }, () => {
  it('indexes and runs a v2 programming model app', { skip }, async () => {
    const host = await startHost({
      appDir: testApp('python-basic'),
      port: 0,
      // The app says UseDevelopmentStorage=true: a private Azurite, not the default ports.
      storage: 'memory',
      workerDirs: [workerDir!],
      env: workerEnv(),
    });
    try {
      assert.deepEqual(host.errors, []);
      assert.deepEqual(host.functions.map((fn) => fn.name).sort(), [
        'crash',
        'echo',
        'fail',
        'from_queue',
        'hello',
        'queued',
      ]);
      const [worker] = host.status().workers;
      assert.ok(worker?.workerVersion, 'the worker reports its version');
      assert.equal(worker.capabilities['RawHttpBodyBytes'], 'true');

      const hello = await host.fetch('/api/hello?name=py');
      assert.equal(hello.status, 200);
      assert.equal(await hello.text(), 'Hello, py!');

      const echo = await host.fetch('/api/echo', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"a":[1,2]}',
      });
      assert.equal(echo.status, 201);
      assert.equal(echo.headers.get('x-echo-method'), 'POST');
      assert.equal(echo.headers.get('content-type'), 'application/json');
      assert.equal(await echo.text(), '{"a":[1,2]}');

      assert.ok((await host.invoke('queued', 'from python')).ok);
      await eventually(
        () => host.logs.some((r) => r.message === 'queued got from python'),
        5000,
        "the manual function's log",
      );

      const sent = await host.sendQueueMessage('py-orders', 'order from python');
      assert.equal((await sent.ran).ok, true);
      assert.ok(host.logs.some((r) => r.message === 'from_queue got order from python (dequeue count 1)'));

      assert.equal((await host.fetch('/api/fail')).status, 500);
      assert.ok(host.logs.some((r) => r.level === 'Error' && /ValueError: planned failure/.test(r.message)));

      assert.equal((await host.fetch('/api/crash')).status, 500);
      const again = await host.fetch('/api/hello');
      assert.equal(again.status, 200, 'served by the restarted worker');
      assert.equal(await again.text(), 'Hello, world!');
    } finally {
      await host.stop();
    }
  });

  it('indexes during init and serves from two workers', { skip }, async () => {
    const host = await startHost({
      appDir: testApp('python-basic'),
      port: 0,
      storage: 'memory',
      workers: 2,
      workerDirs: [workerDir!],
      env: workerEnv({ PYTHON_ENABLE_INIT_INDEXING: 'true' }),
    });
    try {
      assert.deepEqual(host.errors, []);
      assert.deepEqual(
        host.status().workers.map((worker) => worker.state),
        ['ready', 'ready'],
      );
      const indexedBy = host.logs
        .filter((r) => r.message.startsWith('Indexed function app and found 6 functions'))
        .map((r) => r.workerId)
        .filter((id) => id !== undefined);
      assert.equal(new Set(indexedBy).size, 2, 'each worker indexed the app itself during init');
      const answers = await Promise.all(
        ['a', 'b', 'c', 'd'].map(async (name) => (await host.fetch(`/api/hello?name=${name}`)).text()),
      );
      assert.deepEqual(answers, ['Hello, a!', 'Hello, b!', 'Hello, c!', 'Hello, d!']);
    } finally {
      await host.stop();
    }
  });
});
