import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { indexFunctionJsonApp } from '../functions/host-indexing.js';
import { buildWorkerLaunch } from '../workers/launch-command.js';
import { readAppConfig } from './app-config.js';
import { configuredRuntime, processCount, workerRuntime } from './app-folder.js';
import { ConfigError } from './config-error.js';
import { DEFAULT_FUNCTION_TIMEOUT_MS, readHostJson } from './host-json.js';
import { readLocalSettings } from './local-settings.js';
import { architectureToken, osToken, parseTimeSpan } from '@functions-rpc/protocol';
import { readWorkerConfig } from './worker-config.js';

describe('configuration files', () => {
  let dir: string;
  before(async () => (dir = await mkdtemp(join(tmpdir(), 'fnrpc-config-'))));
  after(() => rm(dir, { recursive: true, force: true }));

  const write = (name: string, content: unknown): Promise<void> =>
    writeFile(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));

  it('parses TimeSpans', () => {
    assert.equal(parseTimeSpan('00:00:05'), 5000);
    assert.equal(parseTimeSpan('01:02:03.5'), 3_723_500);
    assert.equal(parseTimeSpan('1.00:00:00'), 86_400_000);
    assert.equal(parseTimeSpan('5 minutes'), undefined);
    assert.equal(parseTimeSpan('00:61:00'), undefined);
  });

  it('accepts comments and trailing commas in host.json, local.settings.json and function.json', async () => {
    await write('host.json', '// the app\n{ "version": "2.0", /* s */ "functionTimeout": "00:00:09", }\n');
    assert.equal((await readHostJson(dir)).functionTimeoutMs, 9000);
    await write(
      'local.settings.json',
      '{\n  // settings\n  "Values": { "FUNCTIONS_WORKER_RUNTIME": "node", /* x */ "A": "1", },\n}',
    );
    assert.equal((await readLocalSettings(dir)).values['A'], '1');
    await mkdir(join(dir, 'fn'), { recursive: true });
    await writeFile(join(dir, 'fn', 'index.js'), '');
    await writeFile(
      join(dir, 'fn', 'function.json'),
      '{ "bindings": [ // the trigger\n { "type": "queueTrigger", "direction": "in", "name": "item" }, ] }',
    );
    const indexed = await indexFunctionJsonApp({ appDir: dir, language: 'node', extensions: ['.js'] });
    assert.deepEqual(indexed.errors, []);
    assert.equal(indexed.functions[0]?.trigger.type, 'queueTrigger');
    await write('host.json', '{ "version": "2.0",\n  "functionTimeout" "00:00:09" }');
    await assert.rejects(
      readHostJson(dir),
      /host.json is not valid JSON .*ColonExpected at line 2, column 21/,
    );
    await rm(join(dir, 'fn'), { recursive: true });
  });

  it('reads host.json with defaults and rejects a wrong version', async () => {
    await write('host.json', { version: '2.0' });
    assert.deepEqual(await readHostJson(dir), {
      routePrefix: 'api',
      functionTimeoutMs: DEFAULT_FUNCTION_TIMEOUT_MS,
      logLevels: {},
      fileWatchingEnabled: true,
      extensions: {},
      httpLimits: {},
    });
    await write('host.json', {
      version: '2.0',
      functionTimeout: '00:00:07',
      extensions: { http: { routePrefix: '/v1/' } },
      logging: { logLevel: { default: 'warning', 'Function.hello': 'Debug' } },
      fileWatchingEnabled: false,
    });
    assert.deepEqual(await readHostJson(dir), {
      routePrefix: 'v1',
      functionTimeoutMs: 7000,
      logLevels: { default: 'Warning', 'Function.hello': 'Debug' },
      fileWatchingEnabled: false,
      extensions: { http: { routePrefix: '/v1/' } },
      httpLimits: {},
    });
    await write('host.json', {
      version: '2.0',
      extensions: {
        http: {
          maxConnections: 100,
          headersTimeout: '00:00:05',
          requestTimeout: '00:00:00',
          maxRequestBytesInFlight: 1000,
        },
      },
    });
    assert.deepEqual((await readHostJson(dir)).httpLimits, {
      maxConnections: 100,
      headersTimeoutMs: 5000,
      requestTimeoutMs: 0,
      maxRequestBytesInFlight: 1000,
    });
    await write('host.json', { version: '2.0', extensions: { http: { maxConnections: 0 } } });
    await assert.rejects(readHostJson(dir), /extensions\.http\.maxConnections must be a whole number/);
    await write('host.json', { version: '2.0', extensions: { http: { headersTimeout: 10 } } });
    await assert.rejects(readHostJson(dir), /extensions\.http\.headersTimeout must be "hh:mm:ss"/);
    await write('host.json', { version: '2.0', functionTimeout: '-1' });
    assert.equal((await readHostJson(dir)).functionTimeoutMs, undefined);
    await write('host.json', { version: '1.0' });
    await assert.rejects(
      readHostJson(dir),
      (error: Error) => error instanceof ConfigError && /"2.0"/.test(error.message),
    );
    await write('host.json', '{ nope');
    await assert.rejects(readHostJson(dir), /host.json is not valid JSON/);
    await write('host.json', { version: '2.0', functionTimeout: 'soon' });
    await assert.rejects(readHostJson(dir), /functionTimeout/);
    await write('host.json', { version: '2.0', fileWatchingEnabled: 'no' });
    await assert.rejects(readHostJson(dir), /fileWatchingEnabled must be true or false/);
    await write('host.json', {
      version: '2.0',
      retry: { strategy: 'fixedDelay', maxRetryCount: 3, delayInterval: '00:00:02' },
    });
    assert.equal((await readHostJson(dir)).retry?.maxRetryCount, 3);
    await write('host.json', { version: '2.0', functions: ['a', 'b'] });
    assert.deepEqual((await readHostJson(dir)).functions, ['a', 'b']);
    await write('host.json', { version: '2.0', functions: [] });
    assert.equal((await readHostJson(dir)).functions, undefined);
    await write('host.json', { version: '2.0', functions: 'a' });
    await assert.rejects(readHostJson(dir), /"functions" must be an array of function names/);
    await write('host.json', { version: '2.0', retry: { strategy: 'soon', maxRetryCount: 3 } });
    await assert.rejects(
      readHostJson(dir),
      (error: Error) =>
        error instanceof ConfigError && /^host\.json: retry\.strategy must be/.test(error.message),
    );
  });

  it('reads local.settings.json Values as strings and rejects bad shapes', async () => {
    assert.deepEqual(await readLocalSettings(join(dir, 'missing')), { found: false, values: {} });
    await write('local.settings.json', { Values: { A: 'x', N: 3, B: true } });
    assert.deepEqual((await readLocalSettings(dir)).values, { A: 'x', N: '3', B: 'true' });
    await write('local.settings.json', { Values: { A: { nested: 1 } } });
    await assert.rejects(readLocalSettings(dir), /Values.A/);
    await write('local.settings.json', { IsEncrypted: true, Values: {} });
    await assert.rejects(readLocalSettings(dir), /encrypted/);
    await write('local.settings.json', {
      Values: {},
      Host: { LocalHttpPort: 7072, CORS: 'http://a.test, http://b.test/', CORSCredentials: true },
    });
    const { localHttpPort, cors } = await readLocalSettings(dir);
    assert.equal(localHttpPort, 7072);
    assert.deepEqual(cors, { origins: ['http://a.test', 'http://b.test'], credentials: true });
    await write('local.settings.json', { Host: { LocalHttpPort: 'x' } });
    await assert.rejects(readLocalSettings(dir), /Host\.LocalHttpPort must be a port number/);
    await write('local.settings.json', { Host: { CORS: ['http://a.test'] } });
    await assert.rejects(readLocalSettings(dir), /Host\.CORS must be a comma-separated string/);
    await write('local.settings.json', { Host: { CORS: '*', CORSCredentials: 'yes' } });
    await assert.rejects(readLocalSettings(dir), /Host\.CORSCredentials must be true or false/);
  });

  it('reads worker.config.json case-insensitively and builds the launch with expansions', async () => {
    await write('worker.config.json', {
      Description: {
        Language: 'python',
        extensions: ['.py'],
        defaultExecutablePath: 'python3',
        defaultWorkerPath: '%FUNCTIONS_WORKER_RUNTIME_VERSION%/{os}/{architecture}/worker.py',
        arguments: ['-X %FLAG%', '%UNKNOWN_VAR%'],
        workerIndexing: 'true',
      },
      processOptions: { initializationTimeout: '00:00:30' },
    });
    const config = await readWorkerConfig(dir);
    assert.ok(config);
    assert.equal(config.language, 'python');
    assert.equal(config.workerIndexing, true);
    assert.equal(config.processOptions.initializationTimeoutMs, 30_000);
    assert.equal(config.processOptions.processStartupTimeoutMs, 60_000);
    const launch = buildWorkerLaunch(config, {
      appDir: '/app',
      runtime: 'python',
      values: { FLAG: 'dev', FUNCTIONS_WORKER_RUNTIME_VERSION: '3.11' },
      hostEnv: { PATH: '/bin' },
    });
    assert.equal(launch.command, 'python3');
    assert.deepEqual(launch.args, [
      '-X dev',
      join(dir, `3.11/${osToken()}/${architectureToken()}/worker.py`),
    ]);
    assert.equal(launch.cwd, '/app');
    assert.equal(launch.env['FUNCTIONS_WORKER_DIRECTORY'], dir);
    assert.equal(launch.env['FUNCTIONS_APPLICATION_DIRECTORY'], '/app');
    assert.equal(launch.env['FUNCTIONS_WORKER_RUNTIME'], 'python');
    assert.equal(launch.env['PATH'], '/bin');
    assert.equal(launch.env['AzureWebJobsScriptRoot'], '/app', 'Python imports the app from the script root');
    assert.equal(launch.env['PYTHON_THREADPOOL_THREAD_COUNT'], '1000', 'as the reference host widens Python');
    const defaulted = buildWorkerLaunch(
      { ...config, defaultRuntimeVersion: '3.12' },
      { appDir: '/app', runtime: 'python', values: {}, hostEnv: {} },
    );
    assert.equal(defaulted.args.at(-1), join(dir, `3.12/${osToken()}/${architectureToken()}/worker.py`));
    const rooted = buildWorkerLaunch(config, {
      appDir: '/app',
      runtime: 'python',
      values: {},
      hostEnv: { AzureWebJobsScriptRoot: '/elsewhere' },
    });
    assert.equal(rooted.env['AzureWebJobsScriptRoot'], '/elsewhere', 'an explicit script root is kept');
    const threads = buildWorkerLaunch(config, {
      appDir: '/app',
      runtime: 'python',
      values: { PYTHON_THREADPOOL_THREAD_COUNT: '8' },
      hostEnv: {},
    });
    assert.equal(threads.env['PYTHON_THREADPOOL_THREAD_COUNT'], '8', 'an app setting wins');
  });

  it('chooses the runtime and the process count', () => {
    assert.equal(
      configuredRuntime({ FUNCTIONS_WORKER_RUNTIME: 'node' }, { FUNCTIONS_WORKER_RUNTIME: 'python' }),
      'node',
    );
    assert.equal(configuredRuntime({}, { FUNCTIONS_WORKER_RUNTIME: 'python' }), 'python');
    assert.equal(configuredRuntime({ FUNCTIONS_WORKER_RUNTIME: ' ' }, {}), undefined);
    assert.equal(workerRuntime('node', { runtime: 'python', from: 'requirements.txt' }), 'node');
    assert.equal(workerRuntime(undefined, { runtime: 'python', from: 'requirements.txt' }), 'python');
    assert.throws(() => workerRuntime(undefined), /FUNCTIONS_WORKER_RUNTIME is not set/);
    assert.equal(processCount(undefined, undefined, 1, 10), 1);
    assert.equal(processCount(undefined, '3', 1, 10), 3);
    assert.equal(processCount(2, '3', 1, 10), 2);
    assert.equal(processCount(undefined, '0', 1, 10), 1);
    assert.throws(() => processCount(undefined, 'many', 1, 10), /whole number/);
    assert.throws(() => processCount(11, undefined, 1, 10), /exceeds the worker's maxProcessCount 10/);
  });

  it('runs an app that ships its own worker.config.json (a .NET isolated build) with that worker', async () => {
    const appDir = join(dir, 'dotnet-app');
    await mkdir(appDir, { recursive: true });
    const description = {
      language: 'dotnet-isolated',
      extensions: ['.dll'],
      defaultExecutablePath: 'dotnet',
      defaultWorkerPath: 'MyApp.dll',
      workerIndexing: 'true',
    };
    await writeFile(join(appDir, 'host.json'), JSON.stringify({ version: '2.0' }));
    await writeFile(join(appDir, 'worker.config.json'), JSON.stringify({ description }));
    const env = { FUNCTIONS_WORKER_RUNTIME: 'dotnet-isolated' };
    const config = await readAppConfig(appDir, { env });
    assert.equal(config.worker.workerDir, appDir);
    assert.equal(config.launch.command, 'dotnet');
    assert.deepEqual(config.launch.args, [join(appDir, 'MyApp.dll')]);
    assert.equal(config.launch.cwd, appDir);
    assert.equal(config.launch.env['FUNCTIONS_WORKER_DIRECTORY'], appDir);
    assert.equal(config.launch.env['FUNCTIONS_APPLICATION_DIRECTORY'], appDir);

    const workerDir = join(dir, 'other-dotnet-worker');
    await mkdir(workerDir, { recursive: true });
    await writeFile(
      join(workerDir, 'worker.config.json'),
      JSON.stringify({ description: { ...description, defaultWorkerPath: 'Other.dll' } }),
    );
    const explicit = await readAppConfig(appDir, { env, workerDirs: [workerDir] });
    assert.equal(explicit.worker.workerDir, workerDir, 'a worker folder given as an option comes first');
    const inferred = await readAppConfig(appDir, { env: {} });
    assert.deepEqual(inferred.inferredRuntime, { runtime: 'dotnet-isolated', from: 'worker.config.json' });
  });
});
