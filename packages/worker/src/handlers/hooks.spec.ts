import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  RpcLog_Level,
  RpcLog_RpcLogCategory,
  StatusResult_Status,
  type RpcFunctionMetadata,
} from '@functions-rpc/protocol';
import type { WorkerDriver } from '@functions-rpc/testkit';
import { bodyText, byId, httpResponse, invokeHttp, startWorker } from '../testing/harness.js';

const base = 'http://localhost:7071/api';

describe('hooks and the @azure/functions-core API', { timeout: 60_000 }, () => {
  let driver: WorkerDriver;
  let functions: Map<string, RpcFunctionMetadata>;
  const scratch = mkdtempSync(join(tmpdir(), 'worker-hooks-'));
  const marker = join(scratch, 'terminated.txt');

  before(async () => {
    driver = await startWorker('v4-hooks', { env: { TERMINATE_MARKER: marker } });
    await driver.init({ hostVersion: '4.1234.5' });
    functions = byId((await driver.metadata()).functionMetadataResults);
  });
  after(async () => {
    await driver.dispose();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('runs preInvocation and postInvocation hooks around the function, sharing hookData', async () => {
    const { response } = await invokeHttp(driver, functions.get('hooked'), { url: `${base}/hooked` });
    const body = JSON.parse(bodyText(httpResponse(response))) as Record<string, unknown>;
    assert.deepEqual(body, { original: { from: 'function' }, sawPre: true, input: 1 });
  });

  it('lets a preInvocation hook replace the function', async () => {
    const { response } = await invokeHttp(driver, functions.get('replaced'), { url: `${base}/replaced` });
    assert.equal(bodyText(httpResponse(response)), 'replaced by preInvocation');
  });

  it('gives postInvocation hooks error null after a success, and result null after a failure', async () => {
    const ok = await invokeHttp(driver, functions.get('observed'), { url: `${base}/observed` });
    assert.deepEqual(JSON.parse(bodyText(httpResponse(ok.response))), { error: null, errorIsNull: true });
    const failed = await invokeHttp(driver, functions.get('observedFailure'), {
      url: `${base}/observedFailure`,
    });
    assert.deepEqual(JSON.parse(bodyText(httpResponse(failed.response))), {
      result: null,
      resultIsNull: true,
      error: 'failed on purpose',
    });
  });

  it('lets a postInvocation hook clear the error and set the result', async () => {
    const { response } = await invokeHttp(driver, functions.get('recovered'), { url: `${base}/recovered` });
    assert.equal(response.result?.status, StatusResult_Status.Success);
    assert.equal(bodyText(httpResponse(response)), 'recovered by postInvocation');
  });

  it('lets a log hook rewrite user log messages and levels', async () => {
    const { logs } = await invokeHttp(driver, functions.get('secretLog'), { url: `${base}/secretLog` });
    const [log] = logs;
    assert.equal(log?.message, 'the ****** is 42');
    assert.equal(log?.level, RpcLog_Level.Warning);
  });

  it('provides version, hostVersion, getProgrammingModel, registerHook and Disposable', async () => {
    const { response } = await invokeHttp(driver, functions.get('core'), { url: `${base}/core` });
    const core = JSON.parse(bodyText(httpResponse(response))) as Record<string, unknown>;
    assert.match(core.version as string, /^\d+\.\d+\.\d+/);
    assert.equal(core.hostVersion, '4.1234.5');
    assert.equal(core.model, '@azure/functions');
    assert.deepEqual(core.rangeError, {
      name: 'RangeError',
      system: true,
      message: 'Unrecognized hook "bogus"',
    });
    assert.equal(core.disposed, 2);
    assert.equal(core.hasLog, true);
    const log = driver.received.find(
      (message) => message.content.case === 'rpcLog' && message.content.value.message === 'core log line',
    );
    assert.equal(log?.content.case, 'rpcLog');
    assert.equal(log.content.value.logCategory, RpcLog_RpcLogCategory.System);
    assert.equal(log.content.value.level, RpcLog_Level.Warning);
    assert.equal(log.content.value.invocationId, '', 'coreApi.log is not tied to an invocation');
  });

  it('runs appTerminate hooks (with the appStart hookData) on WorkerTerminate, then exits 0', async () => {
    assert.equal(existsSync(marker), false);
    assert.equal(await driver.terminate(), 0);
    assert.equal(readFileSync(marker, 'utf8'), 'terminated after app-start');
  });
});
