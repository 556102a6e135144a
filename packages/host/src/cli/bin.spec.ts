import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { HOST_BIN, REPO_ROOT } from '../testing/fixtures.js';

const run = promisify(execFile);

describe('the fnrpc command', { timeout: 30_000 }, () => {
  let dir: string;
  before(async () => (dir = await mkdtemp(join(tmpdir(), 'fnrpc-bin-'))));
  after(() => rm(dir, { recursive: true, force: true }));

  it('is linked by npm install to the committed bin file, which runs the built CLI', async () => {
    // npm links a bin only when its target exists at install time: before the build, it must be this file.
    const link = join(REPO_ROOT, 'node_modules', '.bin', 'fnrpc');
    assert.equal(await realpath(link), await realpath(HOST_BIN));
    const { stdout } = await run(link, ['--help']);
    assert.match(stdout, /^Usage: fnrpc start/);
  });

  it('says in one line how to build when the CLI bundle is missing', async () => {
    const bin = join(dir, 'bin', 'fnrpc.mjs');
    await mkdir(join(dir, 'bin'));
    await copyFile(HOST_BIN, bin);
    const failed = await run(process.execPath, [bin, 'start']).then(
      () => assert.fail('it should exit with an error'),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    assert.equal(failed.code, 1);
    assert.equal(failed.stdout, '');
    assert.match(
      failed.stderr,
      /^fnrpc: the host is not built: .*cli\.js is missing\. .*`npm run build`.*\n$/,
    );
    assert.equal(failed.stderr.trim().split('\n').length, 1);
  });
});
