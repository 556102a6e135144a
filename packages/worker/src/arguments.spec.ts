import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { StatusResult_Status } from '@functions-rpc/protocol';
import { launchFromWorkerConfig, readWorkerConfig } from '@functions-rpc/testkit';
import { parseWorkerArguments, UsageError } from './arguments.js';
import { startWorker, WORKER_DIR } from './testing/harness.js';

const functionsStyle = [
  '--functions-uri',
  'http://127.0.0.1:5000/',
  '--functions-worker-id',
  'worker-a',
  '--functions-request-id',
  'request-a',
  '--functions-grpc-max-message-length',
  '2147483647',
];
const legacyStyle = [
  '--host',
  '127.0.0.1',
  '--port',
  '6000',
  '--workerId',
  'worker-b',
  '--requestId',
  'request-b',
  '--grpcMaxMessageLength',
  '1000',
];

describe('parseWorkerArguments', () => {
  it('reads the --functions-* style', () => {
    assert.deepEqual(parseWorkerArguments(functionsStyle), {
      uri: 'http://127.0.0.1:5000/',
      workerId: 'worker-a',
      requestId: 'request-a',
      maxMessageLength: 2147483647,
    });
  });

  it('reads the older --host/--port style', () => {
    assert.deepEqual(parseWorkerArguments(legacyStyle), {
      uri: 'http://127.0.0.1:6000/',
      workerId: 'worker-b',
      requestId: 'request-b',
      maxMessageLength: 1000,
    });
  });

  it('prefers the --functions-* values when both styles are given', () => {
    const args = parseWorkerArguments([...legacyStyle, ...functionsStyle]);
    assert.equal(args.uri, 'http://127.0.0.1:5000/');
    assert.equal(args.workerId, 'worker-a');
    assert.equal(args.maxMessageLength, 2147483647);
  });

  it('names every missing or invalid item', () => {
    assert.throws(
      () =>
        parseWorkerArguments(['--functions-uri', 'not a uri', '--functions-grpc-max-message-length', '-3']),
      (error: unknown) =>
        error instanceof UsageError &&
        /--functions-uri 'not a uri'/.test(error.message) &&
        /worker-id/.test(error.message) &&
        /request-id/.test(error.message) &&
        /max-message-length/.test(error.message),
    );
  });
});

describe('the worker process', { timeout: 60_000 }, () => {
  it('is described by worker.config.json as a host reads it', () => {
    const config = readWorkerConfig(WORKER_DIR);
    assert.equal(config.description.language, 'node');
    assert.deepEqual(config.description.extensions, ['.js', '.mjs', '.cjs']);
    assert.equal(config.description.defaultExecutablePath, 'node');
    assert.equal(config.description.defaultWorkerPath, 'dist/bundle/main.js');
    assert.equal(config.description.workerIndexing, 'true');
    // V8 flags before the worker path (README, "Performance notes"); every test here launches with them.
    assert.deepEqual(config.description.arguments, ['--max-semi-space-size=4', '--heap-growing-percent=30']);
    assert.equal(config.processOptions?.initializationTimeout, '00:02:00');
    assert.equal(config.processOptions?.environmentReloadTimeout, '00:02:00');
  });

  for (const style of ['functions', 'legacy', 'both'] as const) {
    it(`connects with the ${style} argument style and logs with the console prefix`, async () => {
      const driver = await startWorker('v4-cjs', { argumentStyle: style });
      try {
        assert.equal((await driver.init()).result?.status, StatusResult_Status.Success);
        assert.match(
          driver.output,
          /^LanguageWorkerConsoleLogWorker \S+ connecting on http:\/\/127\.0\.0\.1:\d+\//m,
        );
      } finally {
        await driver.dispose();
      }
    });
  }

  it('prints one usage line naming the problem and exits 1 on bad arguments', async () => {
    const launch = launchFromWorkerConfig(WORKER_DIR);
    const child = spawn(launch.command, [...(launch.args ?? []), '--functions-uri', 'http://127.0.0.1:1/'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    // A worker that went on to connect instead of exiting must not outlive the test.
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const code = await exited.finally(() => clearTimeout(timer));
    assert.equal(code, 1);
    const lines = stderr.trim().split('\n');
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? '', /^usage: /);
    assert.match(stderr, /--functions-worker-id \(or --workerId\) is missing/);
  });
});
