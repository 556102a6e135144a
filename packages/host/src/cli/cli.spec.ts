import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLI_ENTRY, eventually, testApp, writeHelloApp, writeHelloBody } from '../testing/fixtures.js';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runCli(args: readonly string[], timeoutMs = 15_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_ENTRY, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`fnrpc ${args.join(' ')} did not exit:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Whether a process exists (signal 0 only checks). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('fnrpc CLI', { timeout: 60_000 }, () => {
  let dir: string;
  before(async () => (dir = await mkdtemp(join(tmpdir(), 'fnrpc-cli-'))));
  after(() => rm(dir, { recursive: true, force: true }));

  const app = async (name: string, files: Record<string, string>): Promise<string> => {
    const path = join(dir, name);
    await mkdir(path, { recursive: true });
    for (const [file, content] of Object.entries(files)) await writeFile(join(path, file), content);
    return path;
  };
  const expectError = async (args: readonly string[], message: RegExp): Promise<void> => {
    const run = await runCli(args);
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.stderr.trim().split('\n').length, 1, `one line: ${run.stderr}`);
    assert.match(run.stderr, message);
  };

  it('prints usage for --help', async () => {
    const run = await runCli(['--help']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /Usage: fnrpc start \[appDir\]/);
  });

  it('rejects bad arguments', async () => {
    await expectError(['launch'], /^fnrpc: Unknown command 'launch'/);
    await expectError(['start', '.', '--port', 'x'], /--port must be a whole number/);
    await expectError(['start', '--bogus'], /bogus/);
  });

  it('explains a missing or invalid app folder in one line', async () => {
    await expectError(['start', join(dir, 'absent')], /^fnrpc: App folder not found: /);
    await expectError(
      ['start', await app('empty', {})],
      /^fnrpc: No host\.json in .*: not a Functions app folder\./,
    );
    await expectError(
      ['start', await app('badhost', { 'host.json': '{"version":"1.0"}' })],
      /"version" must be "2\.0"/,
    );
    const hostJson = '{"version":"2.0"}';
    await expectError(
      ['start', await app('badsettings', { 'host.json': hostJson, 'local.settings.json': '{ oops' })],
      /local\.settings\.json is not valid JSON/,
    );
    await expectError(
      ['start', await app('noruntime', { 'host.json': hostJson })],
      /FUNCTIONS_WORKER_RUNTIME is not set/,
    );
    await expectError(
      [
        'start',
        await app('cobol', {
          'host.json': hostJson,
          'local.settings.json': '{"Values":{"FUNCTIONS_WORKER_RUNTIME":"cobol"}}',
        }),
      ],
      /No language worker for FUNCTIONS_WORKER_RUNTIME "cobol" \(workers found: node\)/,
    );
  });

  it('explains a worker that cannot start in one line', async () => {
    const worker = await app('dying-worker', {
      'worker.config.json': JSON.stringify({
        description: { language: 'dying', defaultExecutablePath: 'node', defaultWorkerPath: 'w.js' },
      }),
      'w.js': 'console.error("fatal: no luck"); process.exit(5);',
    });
    const target = await app('dying-app', {
      // Comments, as the bundled CLI must read them too.
      'host.json': '// the app\n{"version":"2.0",}',
      'local.settings.json': '{"Values":{"FUNCTIONS_WORKER_RUNTIME":"dying"} /* the worker */}',
    });
    const run = await runCli(['start', target, '--worker-dir', worker, '--port', '0']);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /^fnrpc: The host could not start: Worker process exited with code 5 \(0x5\): fatal: no luck$/m,
    );
  });

  it('stops the workers it launched when a signal arrives during startup', async () => {
    // The worker never connects and never exits by itself, as a Python worker stuck before its reply does.
    const worker = await app('sleepy-worker', {
      'worker.config.json': JSON.stringify({
        description: { language: 'sleepy', defaultExecutablePath: 'node', defaultWorkerPath: 'w.mjs' },
        processOptions: { processStartupTimeout: '00:00:01' },
      }),
      'w.mjs':
        'import { writeFileSync } from "node:fs";\n' +
        'writeFileSync(process.env.FNRPC_TEST_PID_FILE, String(process.pid));\n' +
        'setInterval(() => {}, 1000);\n',
    });
    const target = await app('sleepy-app', {
      'host.json': '{"version":"2.0"}',
      'local.settings.json': '{"Values":{"FUNCTIONS_WORKER_RUNTIME":"sleepy"}}',
    });
    const pidFile = join(dir, 'sleepy.pid');
    const child = spawn(
      process.execPath,
      [CLI_ENTRY, 'start', target, '--worker-dir', worker, '--port', '0'],
      {
        stdio: 'ignore',
        env: { ...process.env, FNRPC_TEST_PID_FILE: pidFile },
      },
    );
    let workerPid: number | undefined;
    try {
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const readPid = (): number | undefined =>
        existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) || undefined : undefined;
      await eventually(() => readPid() !== undefined, 10_000, 'the worker to start');
      const pid = readPid() ?? assert.fail('the worker wrote no pid');
      workerPid = pid;
      child.kill('SIGTERM');
      await exited;
      // Polled: a killed child lingers until it is reaped.
      await eventually(() => !isAlive(pid), 5000, 'the worker to be stopped with the host');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      if (workerPid !== undefined && isAlive(workerPid)) process.kill(workerPid, 'SIGKILL');
    }
  });

  /** A function.json app whose `hello` answers `text`; the returned function changes the answer. */
  const legacyHttpApp = async (
    name: string,
    hostJson: object,
  ): Promise<[string, (text: string) => Promise<void>]> => {
    const target = await app(name, { 'package.json': `{"name":"${name}","private":true}` });
    await mkdir(join(target, 'node_modules', 'dep'), { recursive: true });
    await writeHelloApp(target, 'first', { hostJson });
    const answer = (text: string): Promise<void> => writeHelloBody(target, text);
    return [target, answer];
  };

  /** Runs `fnrpc start` on an app until `body` returns, collecting stdout and stderr, then Ctrl+C. */
  const withCli = async (
    args: readonly string[],
    body: (output: () => string, url: () => string) => Promise<void>,
  ): Promise<void> => {
    const child = spawn(process.execPath, [CLI_ENTRY, 'start', ...args, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const url = (): string => /Host listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1] ?? '';
      await eventually(() => url() !== '', 15_000, 'the host to listen');
      await body(() => output, url);
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGINT');
      assert.equal(await exited, 0, output);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  };

  it('restarts the host on the same port when an app file changes, and not for node_modules', async () => {
    const [target, answer] = await legacyHttpApp('watched', {});
    await withCli([target], async (output, url) => {
      await eventually(() => /Watching for changes to \.js, /.test(output()), 15_000, 'the watch');
      assert.equal(await (await fetch(`${url()}/api/hello`)).text(), 'first');
      const firstUrl = url();
      await writeFile(join(target, 'node_modules', 'dep', 'index.js'), 'module.exports = 1;');
      await answer('second');
      await eventually(() => output().split('Host listening on').length === 3, 15_000, 'the restart');
      assert.match(output(), /Change detected in hello[\\/]index\.js; restarting the host/);
      assert.equal(output().split('Change detected').length, 2, 'one restart for the burst');
      assert.ok(output().split('Change detected')[1]!.includes(`Host listening on ${firstUrl}`));
      assert.equal(await (await fetch(`${url()}/api/hello`)).text(), 'second');
    });
  });

  it('allows the origins of --cors (with credentials), runs only --functions, passes --language-worker', async () => {
    const [target] = await legacyHttpApp('cors', {});
    await withCli(
      [
        target,
        '--no-watch',
        '--cors',
        'http://ui.test',
        '--cors-credentials',
        '--functions',
        'hello,nope',
        '--language-worker=--inspect=127.0.0.1:0',
        '--enable-auth',
      ],
      async (output, url) => {
        assert.match(output(), /The function list names 'nope', which the app does not have\./);
        await eventually(
          () => output().includes('Debugger listening on ws://127.0.0.1:'),
          5000,
          'the inspector',
        );
        const response = await fetch(`${url()}/api/hello`, { headers: { origin: 'http://ui.test' } });
        assert.equal(response.headers.get('access-control-allow-origin'), 'http://ui.test');
        assert.equal(response.headers.get('access-control-allow-credentials'), 'true');
        assert.match(output(), /Keys are required as each function's authLevel and the admin API ask/);
        assert.equal((await fetch(`${url()}/admin/functions`)).status, 401);
      },
    );
  });

  it('does not watch with --no-watch, or when host.json sets fileWatchingEnabled to false', async () => {
    const [off, answerOff] = await legacyHttpApp('watch-off', { fileWatchingEnabled: false });
    const [flagged, answerFlagged] = await legacyHttpApp('watch-flag', {});
    for (const [args, answer] of [
      [[off], answerOff],
      [[flagged, '--no-watch'], answerFlagged],
    ] as const) {
      await withCli(args, async (output, url) => {
        await answer('second');
        await new Promise((resolve) => setTimeout(resolve, 800));
        assert.doesNotMatch(output(), /Watching for changes|Change detected/);
        assert.equal(await (await fetch(`${url()}/api/hello`)).text(), 'first');
      });
    }
  });

  it('starts an app, lists its functions and keys, serves it, and stops on Ctrl+C', async () => {
    // Its own process group, signalled as a whole below, as a terminal does on Ctrl+C.
    const child = spawn(process.execPath, [CLI_ENTRY, 'start', testApp('cli'), '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    try {
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', () => {
          const match = /Host listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
          if (match) resolve(match[1]!);
        });
        child.on('exit', () => reject(new Error(`exited early:\n${stdout}`)));
      });
      assert.match(stdout, /hello: \[GET,POST\] http:\/\/127\.0\.0\.1:\d+\/api\/hello/);
      assert.match(stdout, /ticker: timerTrigger/);
      assert.match(stdout, /master: +\S{20,}/);
      assert.ok(
        stdout.includes(
          `Keys (kept in ${join(testApp('cli'), '.fnrpc', 'secrets.json')}, which git ignores):`,
        ),
      );
      // As func start without --enableAuth: no key is needed, for functions or the admin API.
      assert.match(stdout, /Authorization is off, as with func start/);
      assert.equal(await (await fetch(`${url}/api/Secure/Area`)).text(), 'secured');
      // The URL as the route is written, as Core Tools prints it.
      assert.match(stdout, /secured: \[GET\] http:\/\/127\.0\.0\.1:\d+\/api\/Secure\/Area\n/);
      const admin = await fetch(`${url}/admin/functions`);
      assert.equal(admin.status, 200);
      const listed = (await admin.json()) as { name: string; invoke_url_template: string | null }[];
      // The admin API lower-cases it, as the reference host does.
      assert.equal(listed.find((fn) => fn.name === 'secured')?.invoke_url_template, `${url}/api/secure/area`);
      const response = await fetch(`${url}/api/hello?name=cli`);
      assert.equal(response.status, 200);
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.match(stdout, /\[Information\] \[hello\] greeting cli/);
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      process.kill(-child.pid!, 'SIGINT');
      assert.equal(await exited, 0);
      assert.match(stdout, /Received SIGINT; stopping the host/);
      assert.doesNotMatch(stdout, /killed by SIGINT/, 'the worker is ended by the host, not by the signal');
      assert.match(stdout, /Worker process exited with code 0/);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
