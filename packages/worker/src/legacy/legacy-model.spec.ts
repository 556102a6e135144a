import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  RpcLog_RpcLogCategory,
  StatusResult_Status,
  type RpcFunctionMetadata,
} from '@functions-rpc/protocol';
import { httpInvocationRequest, readFunctionJsonMetadata, type WorkerDriver } from '@functions-rpc/testkit';
import { appDir, bodyText, httpResponse, startWorker } from '../testing/harness.js';
import { LEGACY_MODEL_NAME } from './legacy-model.js';

const base = 'http://localhost:7071/api';

describe('a function.json app through the built-in legacy model', { timeout: 60_000 }, () => {
  let driver: WorkerDriver;
  const metadata = new Map(readFunctionJsonMetadata(appDir('legacy')).map((fn) => [fn.name, fn]));
  const fn = (name: string) => metadata.get(name) as RpcFunctionMetadata;

  before(async () => {
    driver = await startWorker('legacy');
  });
  after(() => driver.dispose());

  it('reports the legacy model at init and asks the host to index function.json', async () => {
    const init = await driver.init();
    assert.equal(init.result?.status, StatusResult_Status.Success);
    assert.equal(init.workerMetadata?.customProperties.modelName, LEGACY_MODEL_NAME);
    const response = await driver.metadata();
    assert.equal(response.useDefaultMetadataIndexing, true);
    assert.equal(response.functionMetadataResults.length, 0);
  });

  it('loads each function from its absolute script_file and entry point', async () => {
    await driver.load(
      [...metadata.values()].map((entry) => ({ functionId: entry.functionId ?? '', metadata: entry })),
    );
  });

  it('fails the load of a function whose entry point does not exist', async () => {
    const broken = { ...fn('Named'), functionId: 'broken', entryPoint: 'missing' };
    const reply = await driver.request(
      'functionLoadRequest',
      { functionId: 'broken', metadata: broken },
      'functionLoadResponse',
      (response) => response.functionId === 'broken',
    );
    assert.equal(reply.content.value.result?.status, StatusResult_Status.Failure);
    assert.match(reply.content.value.result?.exception?.message ?? '', /entry point: missing/);
  });

  it('runs an async HTTP function that sets context.res and logs', async () => {
    const { response, logs } = await driver.invoke(
      httpInvocationRequest(fn('HttpHello'), {
        method: 'POST',
        url: `${base}/HttpHello?name=Linus`,
        headers: { 'content-type': 'application/json', 'x-custom': 'custom value' },
        body: '{"kind":"json"}',
      }),
    );
    assert.equal(response.result?.status, StatusResult_Status.Success);
    const http = httpResponse(response, 'res');
    assert.equal(http.statusCode, '202');
    assert.equal(http.headers['x-legacy'], 'yes');
    assert.equal(http.headers['content-type'], 'application/json');
    const body = JSON.parse(bodyText(http)) as Record<string, unknown>;
    assert.deepEqual(body, {
      hello: 'Linus',
      method: 'POST',
      body: { kind: 'json' },
      header: 'custom value',
      params: {},
      invocationId: response.invocationId,
      functionName: 'HttpHello',
      sameReq: true,
    });
    const user = logs
      .filter((log) => log.logCategory === RpcLog_RpcLogCategory.User)
      .map((log) => log.message);
    assert.deepEqual(user, ['legacy hello for Linus', 'console in legacy']);
  });

  it('calls the export named by entryPoint and sends $return as the HTTP response', async () => {
    const { response } = await driver.invoke(httpInvocationRequest(fn('Named'), { url: `${base}/Named` }));
    assert.equal(bodyText(httpResponse(response)), 'named entry point saw GET');
  });

  it('waits for context.done in callback-style functions', async () => {
    const ok = await driver.invoke(httpInvocationRequest(fn('Callback'), { url: `${base}/Callback` }));
    assert.equal(bodyText(httpResponse(ok.response, 'res')), 'done through the callback');
    const failed = await driver.invoke(
      httpInvocationRequest(fn('Callback'), { url: `${base}/Callback?fail=1` }),
    );
    assert.equal(failed.response.result?.status, StatusResult_Status.Failure);
    assert.equal(failed.response.result?.exception?.message, 'callback failure');
  });

  it('sends context.bindings outputs and $return for a queue trigger', async () => {
    const { response } = await driver.invoke({
      functionId: 'QueueCopy',
      inputData: [
        {
          name: 'message',
          rpcData: { case: 'data', value: { data: { case: 'string', value: '{"id":"m-1"}' } } },
        },
      ],
      triggerMetadata: { DequeueCount: { data: { case: 'json', value: '2' } } },
    });
    assert.equal(response.result?.status, StatusResult_Status.Success);
    const copy = response.outputData.find((binding) => binding.name === 'copy')?.rpcData.value;
    const member = copy && 'data' in copy ? copy.data : undefined;
    assert.equal(member?.case, 'json');
    assert.deepEqual(JSON.parse(member?.value as string), { copied: { id: 'm-1' }, dequeueCount: 2 });
    assert.deepEqual(response.returnValue?.data, { case: 'string', value: 'returned m-1' });
  });
});
