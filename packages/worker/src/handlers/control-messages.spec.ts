import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  FileChangeEventRequest_Type,
  RpcLog_Level,
  RpcLog_RpcLogCategory,
  StatusResult_Status,
  type RpcFunctionMetadata,
} from '@functions-rpc/protocol';
import type { WorkerDriver } from '@functions-rpc/testkit';
import { byId, invokeHttp, startWorker } from '../testing/harness.js';

describe('status, warmup, shared memory, file change and unknown messages', { timeout: 60_000 }, () => {
  let driver: WorkerDriver;
  let functions: Map<string, RpcFunctionMetadata>;

  before(async () => {
    driver = await startWorker('v4-cjs');
    const init = await driver.init({ logCategories: { System: RpcLog_Level.Debug } });
    assert.equal(init.result?.status, StatusResult_Status.Success);
    functions = byId((await driver.metadata()).functionMetadataResults);
  });
  after(() => driver.dispose());

  it('echoes the request_id of WorkerStatusRequest', async () => {
    const reply = await driver.request(
      'workerStatusRequest',
      {},
      'workerStatusResponse',
      undefined,
      'status-42',
    );
    assert.equal(reply.requestId, 'status-42');
  });

  it('answers WorkerWarmupRequest with Success, echoing request_id', async () => {
    const reply = await driver.request(
      'workerWarmupRequest',
      { workerDirectory: driver.workerDir },
      'workerWarmupResponse',
      undefined,
      'warmup-1',
    );
    assert.equal(reply.content.value.result?.status, StatusResult_Status.Success);
    assert.equal(reply.requestId, 'warmup-1');
  });

  it('reports every shared memory map as not closed (it holds none)', async () => {
    const reply = await driver.request(
      'closeSharedMemoryResourcesRequest',
      { mapNames: ['map-a', 'map-b'] },
      'closeSharedMemoryResourcesResponse',
      undefined,
      'shm-1',
    );
    assert.deepEqual(reply.content.value.closeMapResults, { 'map-a': false, 'map-b': false });
    assert.equal(reply.requestId, 'shm-1');
  });

  it('logs a FileChangeEventRequest', async () => {
    const logged = driver.waitFor('rpcLog', (log) => log.message.includes('changed.js'));
    driver.stream.send('fileChangeEventRequest', {
      type: FileChangeEventRequest_Type.Changed,
      name: 'changed.js',
      fullPath: `${driver.appDir}/changed.js`,
    });
    const log = (await logged).content.value;
    assert.equal(log.logCategory, RpcLog_RpcLogCategory.System);
    assert.match(log.message, /Changed/);
  });

  it('warns once per unknown message kind and keeps running', async () => {
    const warned = driver.waitFor('rpcLog', (log) => log.message.includes("'workerHeartbeat'"));
    driver.stream.send('workerHeartbeat', {});
    driver.stream.send('workerHeartbeat', {});
    const log = (await warned).content.value;
    assert.equal(log.level, RpcLog_Level.Warning);
    assert.equal(log.logCategory, RpcLog_RpcLogCategory.System);
    await driver.request('workerStatusRequest', {}, 'workerStatusResponse');
    const warnings = driver.received.filter(
      (message) =>
        message.content.case === 'rpcLog' && message.content.value.message.includes("'workerHeartbeat'"),
    );
    assert.equal(warnings.length, 1);
  });

  it('sends per-invocation system debug logs when log_categories ask for Debug', async () => {
    const { response, logs } = await invokeHttp(driver, functions.get('hello'), {
      url: 'http://localhost:7071/api/hello',
    });
    assert.equal(response.result?.status, StatusResult_Status.Success);
    const debug = logs.filter(
      (log) => log.logCategory === RpcLog_RpcLogCategory.System && log.level === RpcLog_Level.Debug,
    );
    assert.ok(debug.some((log) => log.message.includes(response.invocationId)));
  });
});
