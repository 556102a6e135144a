import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../testing/fixtures.js';

const exec = promisify(execFile);

/** The packages a user installs to run the host: the host and what it needs from this repository. */
const PACKAGES = ['packages/protocol', 'packages/worker', 'packages/host'];

/**
 * The environment for the npm commands of the test: npm passes its settings to the scripts it runs as
 * `npm_*` variables (the workspace root as prefix among them), which must not steer an install into
 * another folder. Only where the cache and the user's settings are is kept.
 */
function npmEnvironment(): NodeJS.ProcessEnv {
  const kept = [
    'npm_config_cache',
    'npm_config_userconfig',
    'npm_config_globalconfig',
    'npm_config_registry',
  ];
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) || kept.includes(key.toLowerCase())),
  );
}

async function npm(args: readonly string[], cwd: string): Promise<string> {
  const { stdout } = await exec('npm', [...args], {
    cwd,
    env: npmEnvironment(),
    timeout: 150_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

/** Runs `fnrpc start` in `appDir` until its HTTP port is open; resolves with the port and a stop function. */
function startFnrpc(appDir: string): Promise<{ port: number; stop: () => Promise<number | null> }> {
  const child = spawn(join(appDir, 'node_modules', '.bin', 'fnrpc'), ['start', '--port', '0', '--no-watch'], {
    cwd: appDir,
    env: npmEnvironment(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const stop = async (): Promise<number | null> => {
    if (child.exitCode === null) child.kill('SIGINT');
    return exited;
  };
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`fnrpc start did not open its port:\n${output}`));
    }, 60_000);
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      const port = /Host listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1];
      if (!port) return;
      clearTimeout(timer);
      resolve({ port: Number(port), stop });
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`fnrpc start exited (${code}):\n${output}`));
    });
  });
}

describe('the packed packages in a fresh app folder', { timeout: 300_000 }, () => {
  let dir: string;
  before(async () => (dir = await mkdtemp(join(tmpdir(), 'fnrpc-packed-'))));
  after(() => rm(dir, { recursive: true, force: true }));

  it('npm pack, npm install of the tarballs with @azure/functions, fnrpc start, one request, stop', async () => {
    const packs = join(dir, 'packs');
    await mkdir(packs);
    const workspaces = PACKAGES.flatMap((workspace) => ['--workspace', workspace]);
    const packed = JSON.parse(
      await npm(
        ['pack', ...workspaces, '--pack-destination', packs, '--json', '--ignore-scripts'],
        REPO_ROOT,
      ),
    ) as { filename: string }[];
    assert.equal(packed.length, PACKAGES.length);

    const app = join(dir, 'app');
    await mkdir(join(app, 'src'), { recursive: true });
    await writeFile(
      join(app, 'package.json'),
      JSON.stringify({ name: 'packed-app', private: true, main: 'src/index.js' }),
    );
    await writeFile(join(app, 'host.json'), JSON.stringify({ version: '2.0' }));
    await writeFile(
      join(app, 'local.settings.json'),
      JSON.stringify({ IsEncrypted: false, Values: { FUNCTIONS_WORKER_RUNTIME: 'node' } }),
    );
    await writeFile(
      join(app, 'src', 'index.js'),
      "const { app } = require('@azure/functions');\n" +
        "app.http('hello', { authLevel: 'anonymous', handler: async (request) => ({ body: `Hello, ${request.query.get('name')}` }) });\n",
    );
    // The library version this repository is tested with, so that npm finds it in its cache when it can.
    const library = JSON.parse(
      await readFile(join(REPO_ROOT, 'node_modules', '@azure', 'functions', 'package.json'), 'utf8'),
    ) as { version: string };
    await npm(
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        ...packed.map((pack) => join(packs, pack.filename)),
        `@azure/functions@${library.version}`,
      ],
      app,
    );

    const host = await startFnrpc(app);
    try {
      const response = await fetch(`http://127.0.0.1:${host.port}/api/hello?name=packed`);
      assert.equal(response.status, 200);
      assert.equal(await response.text(), 'Hello, packed');
    } finally {
      assert.equal(await host.stop(), 0);
    }
  });
});
