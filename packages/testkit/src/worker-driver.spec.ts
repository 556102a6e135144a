import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { WorkerDriver } from './worker-driver.js';

const here = fileURLToPath(new URL('.', import.meta.url));

describe('WorkerDriver.start', { timeout: 10_000 }, () => {
  it('rejects, naming the cause, when the worker command cannot be spawned', async () => {
    const start = WorkerDriver.start({
      launch: { command: fileURLToPath(new URL('./no-such-worker-executable', import.meta.url)) },
      appDir: here,
      startTimeoutMs: 5000,
    });
    await assert.rejects(start, /exited before connecting[\s\S]*ENOENT/);
  });
});
