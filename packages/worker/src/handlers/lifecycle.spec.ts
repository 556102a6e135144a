import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  Capability,
  FunctionEnvironmentReloadResponse_CapabilitiesUpdateStrategy as UpdateStrategy,
  StatusResult_Status,
  type RpcFunctionMetadata,
} from '@functions-rpc/protocol';
import { httpInvocationRequest, readFunctionJsonMetadata, type WorkerDriver } from '@functions-rpc/testkit';
import { appDir, bodyText, byId, httpResponse, invokeHttp, startWorker } from '../testing/harness.js';

const base = 'http://localhost:7071/api';

/** Runs `test` against a fresh worker for `app` and always disposes of it. */
async function withWorker(app: string, test: (driver: WorkerDriver) => Promise<void>): Promise<void> {
  const driver = await startWorker(app);
  try {
    await test(driver);
  } finally {
    await driver.dispose();
  }
}

async function readyFunctions(driver: WorkerDriver): Promise<Map<string, RpcFunctionMetadata>> {
  return byId((await driver.initAndLoad()).functionMetadataResults);
}

function logged(driver: WorkerDriver, invocationId: string, message: string): Promise<unknown> {
  return driver.waitFor('rpcLog', (log) => log.invocationId === invocationId && log.message === message);
}

describe('cancellation', { timeout: 60_000 }, () => {
  it('aborts context.signal of a running v4 invocation, which answers Cancelled', () =>
    withWorker('v4-cjs', async (driver) => {
      const functions = await readyFunctions(driver);
      const request = httpInvocationRequest(functions.get('cancellable') as RpcFunctionMetadata, {
        url: `${base}/c`,
      });
      const started = logged(driver, request.invocationId ?? '', 'started');
      const outcome = driver.invoke(request);
      await started;
      driver.stream.send('invocationCancel', { invocationId: request.invocationId });
      const { response } = await outcome;
      assert.equal(response.result?.status, StatusResult_Status.Cancelled);
      assert.match(response.result?.exception?.message ?? '', /cancelled by the host/);
    }));

  it('answers Cancelled without running an invocation cancelled before it started', () =>
    withWorker('v4-cjs', async (driver) => {
      const functions = await readyFunctions(driver);
      const request = httpInvocationRequest(functions.get('logs') as RpcFunctionMetadata, {
        url: `${base}/logs`,
      });
      driver.stream.send('invocationCancel', { invocationId: request.invocationId });
      const { response, logs } = await driver.invoke(request);
      assert.equal(response.result?.status, StatusResult_Status.Cancelled);
      assert.equal(logs.length, 0, 'the function did not run');
    }));

  it('aborts context.signal of a running legacy invocation, which answers Cancelled', () =>
    withWorker('legacy', async (driver) => {
      await driver.init();
      const [cancellable] = readFunctionJsonMetadata(appDir('legacy')).filter(
        (fn) => fn.name === 'Cancellable',
      );
      assert.ok(cancellable);
      await driver.load([{ functionId: 'Cancellable', metadata: cancellable }]);
      const request = httpInvocationRequest(cancellable as RpcFunctionMetadata, {
        url: `${base}/Cancellable`,
      });
      const started = logged(driver, request.invocationId ?? '', 'waiting for cancellation');
      const outcome = driver.invoke(request);
      await started;
      driver.stream.send('invocationCancel', { invocationId: request.invocationId });
      assert.equal((await outcome).response.result?.status, StatusResult_Status.Cancelled);
    }));
});

describe('WorkerTerminate and the end of the stream', { timeout: 60_000 }, () => {
  it('lets in-flight invocations finish within the grace period, cancels the rest, then exits 0', () =>
    withWorker('v4-cjs', async (driver) => {
      const functions = await readyFunctions(driver);
      const quick = driver.invoke(
        httpInvocationRequest(functions.get('wait') as RpcFunctionMetadata, { url: `${base}/wait?ms=300` }),
      );
      const slowRequest = httpInvocationRequest(functions.get('cancellable') as RpcFunctionMetadata, {
        url: `${base}/c`,
      });
      const started = logged(driver, slowRequest.invocationId ?? '', 'started');
      const slow = driver.invoke(slowRequest);
      await started;
      const exitCode = driver.terminate(1500);
      const late = await driver.invoke(
        httpInvocationRequest(functions.get('hello') as RpcFunctionMetadata, { url: `${base}/hello` }),
      );
      assert.equal(
        late.response.result?.status,
        StatusResult_Status.Failure,
        'no new work while terminating',
      );
      assert.equal(bodyText(httpResponse((await quick).response)), 'waited 300');
      assert.equal((await slow).response.result?.status, StatusResult_Status.Cancelled);
      assert.equal(await exitCode, 0);
    }));

  it('exits when the host ends the stream', () =>
    withWorker('v4-cjs', async (driver) => {
      await driver.init();
      await driver.stream.end();
      assert.equal(await driver.exited, 0);
    }));
});

describe('FunctionEnvironmentReloadRequest', { timeout: 60_000 }, () => {
  it('replaces the environment and reloads the app, again and again', () =>
    withWorker('legacy', async (driver) => {
      assert.equal((await driver.init()).result?.status, StatusResult_Status.Success);
      const reloads: [string, string][] = [
        ['v4-cjs', 'one'],
        ['v4-cjs', 'two'],
        ['v4-esm', 'three'],
        ['v4-esm', 'four'],
      ];
      for (const [app, greeting] of reloads) {
        const reply = await driver.request(
          'functionEnvironmentReloadRequest',
          { environmentVariables: { GREETING: greeting }, functionAppDirectory: appDir(app) },
          'functionEnvironmentReloadResponse',
        );
        const reload = reply.content.value;
        assert.equal(reload.result?.status, StatusResult_Status.Success, reload.result?.exception?.message);
        assert.equal(reload.capabilitiesUpdateStrategy, UpdateStrategy.replace);
        assert.equal(reload.capabilities[Capability.WorkerStatus], 'true');
        assert.equal(reload.workerMetadata?.customProperties.modelName, '@azure/functions');
        const metadata = await driver.metadata();
        assert.equal(
          metadata.result?.status,
          StatusResult_Status.Success,
          `metadata after reload to ${greeting}`,
        );
        const functions = byId(metadata.functionMetadataResults);
        await driver.load([...functions.values()].map((fn) => ({ functionId: fn.functionId, metadata: fn })));
        if (app === 'v4-cjs') {
          const { response } = await invokeHttp(driver, functions.get('env'), { url: `${base}/env` });
          assert.equal(bodyText(httpResponse(response)), `${greeting} from ${appDir(app)}`);
        } else {
          assert.equal(functions.has('env'), false, 'nothing of the previous app is left');
          const { response } = await invokeHttp(driver, functions.get('esmHello'), {
            url: `${base}/esmHello?name=x`,
          });
          assert.equal(bodyText(httpResponse(response)), 'Hello from an ES module, x');
        }
      }
    }));
});

describe('an app that fails to load', { timeout: 60_000 }, () => {
  // Written at run time: a file that does not parse would break the repository's formatter and linter.
  const syntaxErrorApp = mkdtempSync(join(tmpdir(), 'syntax-error-app-'));
  writeFileSync(join(syntaxErrorApp, 'package.json'), JSON.stringify({ main: 'index.js' }));
  writeFileSync(
    join(syntaxErrorApp, 'index.js'),
    "const { app } = require('@azure/functions');\nconst oops = ;\n",
  );
  after(() => rmSync(syntaxErrorApp, { recursive: true, force: true }));

  for (const [name, app, pattern] of [
    ['syntax error', syntaxErrorApp, /SyntaxError/],
    ['throwing module', 'throwing-module', /The module refuses to load\./],
  ] as const) {
    it(`${name}: init succeeds, metadata and load answer Failure with the user's error`, () =>
      withWorker(app, async (driver) => {
        assert.equal((await driver.init()).result?.status, StatusResult_Status.Success);
        const metadata = await driver.metadata();
        assert.equal(metadata.result?.status, StatusResult_Status.Failure);
        const exception = metadata.result?.exception;
        assert.match(exception?.message ?? '', /Worker was unable to load entry point "index\.js"/);
        assert.match(`${exception?.message}\n${exception?.stackTrace}`, pattern);
        assert.match(exception?.stackTrace ?? '', /index\.js/);
        const reply = await driver.request(
          'functionLoadRequest',
          { functionId: 'any', metadata: { name: 'any' } },
          'functionLoadResponse',
        );
        assert.equal(reply.content.value.result?.status, StatusResult_Status.Failure);
        const status = await driver.request(
          'workerStatusRequest',
          {},
          'workerStatusResponse',
          undefined,
          'alive',
        );
        assert.equal(status.requestId, 'alive', 'the worker keeps running');
      }));
  }
});
