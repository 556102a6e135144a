import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { callsForRestart, watchApp } from './app-watcher.js';

const NODE = ['.js', '.mjs', '.cjs'];

describe('callsForRestart', () => {
  it('takes the worker extensions, host.json at the root and any function.json', () => {
    assert.equal(callsForRestart('src/functions/hello.js', NODE), true);
    assert.equal(callsForRestart('lib/util.MJS', NODE), true);
    assert.equal(callsForRestart('host.json', NODE), true);
    assert.equal(callsForRestart('hello/function.json', NODE), true);
    assert.equal(callsForRestart('src/app.py', NODE), false);
    assert.equal(callsForRestart('src/app.py', ['.py']), true);
    assert.equal(callsForRestart('README.md', NODE), false);
    assert.equal(callsForRestart('local.settings.json', NODE), false);
    assert.equal(callsForRestart('config/host.json', NODE), false);
  });

  it('ignores node_modules and dot-folders', () => {
    assert.equal(callsForRestart(join('node_modules', 'x', 'index.js'), NODE), false);
    assert.equal(callsForRestart(join('.git', 'hooks', 'a.js'), NODE), false);
    assert.equal(callsForRestart(join('src', '.cache', 'b.js'), NODE), false);
  });
});

describe('watchApp', { timeout: 20_000 }, () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fnrpc-watch-'));
    await mkdir(join(dir, 'src'));
    await mkdir(join(dir, 'node_modules', 'dep'), { recursive: true });
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('reports one restart per burst of changes, naming the first file, and none for ignored files', async () => {
    const changes: string[] = [];
    const watcher = watchApp(dir, {
      extensions: NODE,
      debounceMs: 150,
      onChange: (file) => changes.push(file),
      onError: (error) => assert.fail(error),
    });
    try {
      await watcher.ready;
      await writeFile(join(dir, 'node_modules', 'dep', 'index.js'), 'module.exports = 1;');
      await writeFile(join(dir, 'notes.md'), '# notes');
      await new Promise((resolve) => setTimeout(resolve, 400));
      assert.deepEqual(changes, [], 'node_modules and other extensions are ignored');

      await writeFile(join(dir, 'src', 'a.js'), '1');
      await new Promise((resolve) => setTimeout(resolve, 30));
      await writeFile(join(dir, 'src', 'b.js'), '2');
      await writeFile(join(dir, 'host.json'), '{"version":"2.0"}');
      const deadline = Date.now() + 5000;
      while (changes.length === 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 20));
      await new Promise((resolve) => setTimeout(resolve, 400));
      assert.deepEqual(changes, [join('src', 'a.js')]);
    } finally {
      await watcher.close();
    }
  });
});
