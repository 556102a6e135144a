import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_PROCESS_OPTIONS, type WorkerConfig } from './worker-config.js';
import { applyWorkerSettings } from './worker-settings.js';

const NODE: WorkerConfig = {
  workerDir: '/workers/node',
  language: 'node',
  extensions: ['.js'],
  defaultExecutablePath: 'node',
  defaultWorkerPath: 'dist/main.js',
  arguments: ['--max-semi-space-size=4'],
  workerIndexing: true,
  isDisabled: false,
  useStdErrorStreamForErrorsOnly: false,
  processOptions: DEFAULT_PROCESS_OPTIONS,
};

describe('applyWorkerSettings', () => {
  it('appends languageWorkers:<language>:arguments, split on whitespace, in either spelling', () => {
    assert.deepEqual(
      applyWorkerSettings(NODE, { 'languageWorkers:node:arguments': ' --inspect=9229  --trace-warnings ' })
        .arguments,
      ['--max-semi-space-size=4', '--inspect=9229', '--trace-warnings'],
    );
    assert.deepEqual(applyWorkerSettings(NODE, { LANGUAGEWORKERS__NODE__ARGUMENTS: '--inspect' }).arguments, [
      '--max-semi-space-size=4',
      '--inspect',
    ]);
  });

  it('overrides the executable and the runtime version, and ignores other languages and empty values', () => {
    const config = applyWorkerSettings(NODE, {
      'languageWorkers:node:defaultExecutablePath': '/opt/node22/bin/node',
      'languageWorkers:node:defaultRuntimeVersion': '22',
      'languageWorkers:python:arguments': '-X dev',
      'languageWorkers:node:arguments': '',
    });
    assert.equal(config.defaultExecutablePath, '/opt/node22/bin/node');
    assert.equal(config.defaultRuntimeVersion, '22');
    assert.deepEqual(config.arguments, NODE.arguments);
    assert.deepEqual(applyWorkerSettings(NODE, {}), NODE);
  });
});
