import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startHost } from './host.js';
import type { LogRecord } from './log/log-record.js';

describe('an entry point that fails to load', { timeout: 30_000 }, () => {
  let appDir: string;
  before(async () => {
    appDir = await mkdtemp(join(tmpdir(), 'fnrpc-entry-'));
    await writeFile(join(appDir, 'host.json'), '{"version":"2.0"}');
    await writeFile(join(appDir, 'local.settings.json'), '{"Values":{"FUNCTIONS_WORKER_RUNTIME":"node"}}');
    await writeFile(join(appDir, 'package.json'), '{"name":"broken","main":"index.js"}');
    await writeFile(join(appDir, 'index.js'), 'throw new TypeError("boom at load");\n');
  });
  after(() => rm(appDir, { recursive: true, force: true }));

  /** What a host started with or without `verbose` printed. */
  const printed = async (verbose: boolean): Promise<string> => {
    const shown: LogRecord[] = [];
    const host = await startHost({ appDir, port: 0, verbose, onLog: (record) => shown.push(record) });
    await host.stop();
    return shown.map((r) => `${r.level}: ${r.message}${r.exception ? `\n${r.exception}` : ''}`).join('\n');
  };

  it('prints the clear line, and the stack only with verbose', async () => {
    const quiet = await printed(false);
    assert.match(quiet, /^Error: Worker was unable to load entry point "index\.js": boom at load$/m);
    assert.doesNotMatch(quiet, /at Object\.<anonymous>|TypeError: boom/);
    const verbose = await printed(true);
    assert.match(verbose, /^Error: Worker was unable to load entry point "index\.js": boom at load$/m);
    assert.match(verbose, /^Debug: TypeError: boom at load\n\s+at /m);
  });
});
