import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startHost } from '../host.js';
import type { LogRecord } from '../log/log-record.js';
import { writeHelloApp } from '../testing/fixtures.js';

/** The VS Code Azure Functions extension's func-watch problem matcher (package.json), as it matches lines. */
const ENDS = /^.*(Worker process started and initialized|Host lock lease acquired by instance ID).*$/;
const BEGINS = /^.*(Job host stopped|signaling restart).*$/;

describe('lifecycle lines', { timeout: 30_000 }, () => {
  it('prints the lines VS Code and test suites wait for, whatever the log levels, at each start and stop', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fnrpc-lifecycle-'));
    const printed: LogRecord[] = [];
    try {
      // Warnings only: the lines tools wait for are printed all the same, as Core Tools prints them.
      await writeHelloApp(dir, 'up', { hostJson: { logging: { logLevel: { default: 'Warning' } } } });
      const host = await startHost({ appDir: dir, port: 0, onLog: (record) => printed.push(record) });
      try {
        // Information records other than these two are left out (a warning of the worker may come too).
        const lines = printed
          .filter((record) => record.level === 'Information')
          .map((record) => record.message);
        assert.equal(lines.length, 2, lines.join('\n'));
        assert.equal(lines[0], 'Worker process started and initialized.');
        assert.match(lines[1]!, /^Host lock lease acquired by instance ID '0{24}[0-9A-F]{8}'\.$/);
        // The port is open once they are printed.
        assert.equal(await (await fetch(`${host.url}/api/hello`)).text(), 'up');
        const all = host.logs.map((record) => record.message);
        assert.ok(all.includes('Job host started'));
        assert.ok(all.some((message) => /^Host started \(\d+ms\)$/.test(message)));

        printed.length = 0;
        await host.restart();
        const restart = host.logs.map((record) => record.message);
        const stopped = restart.lastIndexOf('Job host stopped');
        const started = restart.lastIndexOf('Worker process started and initialized.');
        assert.ok(stopped >= 0 && started > stopped, 'stopped, then started again');
        assert.ok(BEGINS.test(restart[stopped]!));
        assert.equal(printed.filter((record) => ENDS.test(record.message)).length, 2);
      } finally {
        await host.stop();
      }
      assert.equal(host.logs.at(-1)?.message, 'Job host stopped');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
