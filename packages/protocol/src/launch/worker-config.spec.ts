import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { architectureToken, osToken, workerCommand } from './worker-command.js';
import { DEFAULT_PROCESS_OPTIONS, parseWorkerConfig } from './worker-config.js';

const WORKER_DIR = join('workers', 'python');

describe('parseWorkerConfig', () => {
  it('reads the description case-insensitively and applies the default process options', () => {
    const config = parseWorkerConfig(
      {
        Description: {
          Language: 'python',
          extensions: ['.py', 7],
          defaultExecutablePath: 'python3',
          defaultWorkerPath: '%FUNCTIONS_WORKER_RUNTIME_VERSION%/{os}/{architecture}/worker.py',
          workerIndexing: 'True',
          isDisabled: 'false',
          useStdErrorStreamForErrorsOnly: true,
        },
      },
      WORKER_DIR,
    );
    assert.equal(config.language, 'python');
    assert.deepEqual(config.extensions, ['.py']);
    assert.deepEqual(config.arguments, []);
    assert.equal(config.workerIndexing, true);
    assert.equal(config.isDisabled, false);
    assert.equal(config.useStdErrorStreamForErrorsOnly, true);
    assert.deepEqual(config.processOptions, DEFAULT_PROCESS_OPTIONS);
  });

  it('reads process options as TimeSpans and counts, ignoring counts below one', () => {
    const config = parseWorkerConfig(
      {
        description: { language: 'node', defaultExecutablePath: 'node' },
        processOptions: { initializationTimeout: '00:02:00', processCount: 3, maxProcessCount: 0 },
      },
      WORKER_DIR,
    );
    assert.equal(config.processOptions.initializationTimeoutMs, 120_000);
    assert.equal(config.processOptions.processCount, 3);
    assert.equal(config.processOptions.maxProcessCount, DEFAULT_PROCESS_OPTIONS.maxProcessCount);
  });

  it('rejects a config without language or executable, and a timeout that is not a TimeSpan', () => {
    assert.throws(() => parseWorkerConfig({ description: { language: 'node' } }, WORKER_DIR), /required/);
    assert.throws(
      () =>
        parseWorkerConfig(
          {
            description: { language: 'node', defaultExecutablePath: 'node' },
            processOptions: { processStartupTimeout: 30 },
          },
          WORKER_DIR,
        ),
      /processOptions\.processStartupTimeout/,
    );
  });
});

describe('workerCommand', () => {
  const config = parseWorkerConfig(
    {
      description: {
        language: 'python',
        defaultExecutablePath: 'bin/python',
        defaultWorkerPath: '%FUNCTIONS_WORKER_RUNTIME_VERSION%/{os}/{architecture}/worker.py',
        defaultRuntimeVersion: '3.11',
        arguments: ['-X %MODE%', '%UNSET%', '--dir={workerDirectoryPath}'],
      },
    },
    WORKER_DIR,
  );

  it('expands tokens, drops arguments that expand to nothing and resolves paths in the worker folder', () => {
    const command = workerCommand(config, { MODE: 'dev' });
    assert.equal(command.command, join(WORKER_DIR, 'bin/python'));
    assert.deepEqual(command.args, [
      '-X dev',
      `--dir=${WORKER_DIR}`,
      join(WORKER_DIR, `3.11/${osToken()}/${architectureToken()}/worker.py`),
    ]);
  });

  it('prefers the runtime version from the environment and runs `node` as this Node.js', () => {
    const command = workerCommand(config, { FUNCTIONS_WORKER_RUNTIME_VERSION: '3.12' });
    assert.equal(command.args.at(-1), join(WORKER_DIR, `3.12/${osToken()}/${architectureToken()}/worker.py`));
    const node = parseWorkerConfig(
      { description: { language: 'node', defaultExecutablePath: 'node' } },
      WORKER_DIR,
    );
    assert.deepEqual(workerCommand(node, {}), { command: process.execPath, args: [] });
  });

  it("runs a self-contained .NET isolated app's executable from {WorkerRoot}, the dll still its worker path", () => {
    const appDir = resolve('apps', 'dotnet');
    const dotnet = parseWorkerConfig(
      {
        description: {
          language: 'dotnet-isolated',
          defaultExecutablePath: '{WorkerRoot}MyApp',
          defaultWorkerPath: 'MyApp.dll',
        },
      },
      appDir,
    );
    assert.deepEqual(workerCommand(dotnet, {}), {
      command: join(appDir, 'MyApp'),
      args: [join(appDir, 'MyApp.dll')],
    });
  });
});
