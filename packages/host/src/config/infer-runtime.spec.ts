import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { WorkerConfig } from '@functions-rpc/protocol';
import { startHost } from '../host.js';
import { writeHelloApp } from '../testing/fixtures.js';
import { inferWorkerRuntime } from './infer-runtime.js';

/** Writes files (path → content) under `dir`, creating folders. */
async function files(dir: string, contents: Record<string, string>): Promise<string> {
  for (const [path, content] of Object.entries(contents)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}

const worker = (language: string, extensions: string[]): WorkerConfig =>
  ({ language, extensions, isDisabled: false }) as unknown as WorkerConfig;
const CONFIGS = [worker('node', ['.js', '.mjs', '.cjs']), worker('python', ['.py'])];
const BINDINGS = JSON.stringify({ bindings: [{ type: 'manualTrigger', direction: 'in', name: 'x' }] });

describe('FUNCTIONS_WORKER_RUNTIME worked out from the app files', { timeout: 30_000 }, () => {
  let dir: string;
  before(async () => (dir = await mkdtemp(join(tmpdir(), 'fnrpc-runtime-'))));
  after(() => rm(dir, { recursive: true, force: true }));

  it('starts a function.json app without it, and says so in one line', async () => {
    const app = join(dir, 'legacy');
    await writeHelloApp(app, 'inferred', { localSettings: { Values: {} } });
    const host = await startHost({
      appDir: app,
      port: 0,
      env: { ...process.env, FUNCTIONS_WORKER_RUNTIME: '' },
    });
    try {
      assert.equal(await (await host.fetch('/api/hello')).text(), 'inferred');
      const said = host.logs.filter((r) => r.message.startsWith('FUNCTIONS_WORKER_RUNTIME is not set'));
      assert.deepEqual(
        said.map((r) => r.message),
        [
          `FUNCTIONS_WORKER_RUNTIME is not set: using 'node', worked out from hello/function.json (set it in local.settings.json "Values" to choose).`,
        ],
      );
    } finally {
      await host.stop();
    }
  });

  it("tells by the functions' script files, else by the project file, and not when they disagree", async () => {
    const infer = async (name: string, contents: Record<string, string>): Promise<string | undefined> => {
      const result = await inferWorkerRuntime(await files(join(dir, name), contents), CONFIGS);
      return result && `${result.runtime} from ${result.from}`;
    };
    assert.equal(
      await infer('py', { 'a/function.json': BINDINGS, 'a/__init__.py': '' }),
      'python from a/function.json',
    );
    assert.equal(
      await infer('named', {
        'a/function.json': JSON.stringify({ ...JSON.parse(BINDINGS), scriptFile: '../dist/a.js' }),
      }),
      'node from a/function.json',
    );
    assert.equal(await infer('v4', { 'package.json': '{}', 'src/index.js': '' }), 'node from package.json');
    assert.equal(
      await infer('v2py', { 'function_app.py': '', 'requirements.txt': '' }),
      'python from function_app.py',
    );
    assert.equal(
      await infer('mixed', {
        'a/function.json': BINDINGS,
        'a/index.js': '',
        'b/function.json': BINDINGS,
        'b/run.py': '',
      }),
      undefined,
    );
    assert.equal(await infer('both', { 'package.json': '{}', 'requirements.txt': '' }), undefined);
    assert.equal(await infer('dotnet', { 'app.csproj': '' }), undefined);
  });
});
