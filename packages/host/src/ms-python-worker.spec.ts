import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { delimiter } from 'node:path';
import { describe, it } from 'node:test';
import { startHost } from './host.js';
import { blobAppears, blobDigest, containersOf, uploadLargeBlob } from './testing/blobs.js';
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

/**
 * Our host running a test app on the Python worker. The apps say UseDevelopmentStorage=true: a private
 * Azurite, not the default ports.
 */
function startPythonHost(app: string, options: { workers?: number; env?: NodeJS.ProcessEnv } = {}) {
  return startHost({
    appDir: testApp(app),
    port: 0,
    storage: 'memory',
    ...(options.workers ? { workers: options.workers } : {}),
    workerDirs: [workerDir!],
    env: workerEnv(options.env),
  });
}

describe("Microsoft's Python worker", { timeout: 60_000 }, () => {
  it('indexes and runs a v2 programming model app', { skip }, async () => {
    const host = await startPythonHost('python-basic');
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

  it('runs blob triggers, blob inputs and a queue to blob chain', { skip }, async () => {
    const host = await startPythonHost('python-blobs');
    try {
      const errors = host.functions.filter((fn) => fn.error).map((fn) => [fn.name, fn.error]);
      assert.equal(errors.length, 1);
      assert.equal(errors[0]?.[0], 'from_event_grid');
      assert.match(errors[0]?.[1] ?? '', /source 'EventGrid' is not supported by this host/);
      const container = containersOf(await host.storageConnectionString());
      const uploads = await container('py-in');
      const uploaded = uploads.getBlockBlobClient('doc.txt');
      await uploaded.upload('from python', 11, {
        metadata: { origin: 'py' },
        blobHTTPHeaders: { blobContentType: 'text/plain' },
      });
      const outputs = await container('py-out');
      const copy = outputs.getBlobClient('copies/doc.txt');
      assert.ok(await blobAppears(copy, 30_000), 'the blob trigger wrote its copy');
      assert.equal((await copy.downloadToBuffer()).toString(), 'from python');
      const report = JSON.parse(
        (await outputs.getBlobClient('reports/doc.txt.json').downloadToBuffer()).toString(),
      ) as Record<string, unknown> & { properties: Record<string, unknown> };
      assert.equal(report['name'], 'py-in/doc.txt');
      assert.equal(report['uri'], uploaded.url);
      assert.equal(report['length'], 11);
      assert.equal(report['read'], 11);
      assert.deepEqual(report['metadata'], { origin: 'py' });
      assert.equal(report.properties['ContentType'], 'text/plain');
      assert.equal(report.properties['BlobType'], 0, "the .NET SDK's BlobType.Block, as a number");
      assert.match(String(report.properties['LastModified']), /\+00:00$/);
      assert.deepEqual(report.properties['ETag'], {}, 'the .NET ETag struct, as Newtonsoft writes it');
      assert.equal(
        report.properties['ContentHash'],
        createHash('md5').update('from python').digest('base64'),
      );
      assert.deepEqual(report.properties['Metadata'], { origin: 'py' });

      // Past gRPC's 4 MiB default message limit, both ways between host and worker.
      const big = await uploadLargeBlob(uploads, 'big.bin', 5 * 1024 * 1024);
      const bigCopy = outputs.getBlobClient('copies/big.bin');
      assert.ok(await blobAppears(bigCopy, 30_000), 'the 5 MiB blob was copied');
      assert.deepEqual(await blobDigest(bigCopy), big);

      const reads = await container('py-read');
      await reads.getBlockBlobClient('t.txt').upload('\uFEFFhéllo', Buffer.byteLength('\uFEFFhéllo'));
      await reads.getBlockBlobClient('b.bin').upload(Buffer.from([7, 0, 255]), 3);
      const read = async (route: string) => (await host.fetch(`/api/${route}`)).json();
      assert.deepEqual(await read('text/t.txt'), { type: 'str', value: 'héllo' });
      assert.deepEqual(await read('bytes/b.bin'), { type: 'bytes', value: [7, 0, 255] });
      assert.deepEqual(await read('text/missing.txt'), { type: 'NoneType', value: null });
      assert.deepEqual(await read('bytes/missing.bin'), { type: 'NoneType', value: null });

      const sent = await host.sendQueueMessage('py-jobs', JSON.stringify({ id: 'j1', text: 'chained' }));
      assert.equal((await sent.ran).ok, true);
      assert.equal((await outputs.getBlobClient('jobs/j1.txt').downloadToBuffer()).toString(), 'CHAINED');
    } finally {
      await host.stop();
    }
  });

  it('indexes during init and serves from two workers', { skip }, async () => {
    const host = await startPythonHost('python-basic', {
      workers: 2,
      env: { PYTHON_ENABLE_INIT_INDEXING: 'true' },
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
