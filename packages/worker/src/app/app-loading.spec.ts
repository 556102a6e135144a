import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Capability, StatusResult_Status, type RpcFunctionMetadata } from '@functions-rpc/protocol';
import { triggerBindingName, type WorkerDriver } from '@functions-rpc/testkit';
import { bodyText, byId, httpResponse, invokeHttp, startWorker } from '../testing/harness.js';

describe('an ES module app (type module, .js, .mjs and .cjs entry files)', { timeout: 60_000 }, () => {
  let driver: WorkerDriver;
  let functions: Map<string, RpcFunctionMetadata>;

  before(async () => {
    driver = await startWorker('v4-esm');
    functions = byId((await driver.initAndLoad()).functionMetadataResults);
  });
  after(() => driver.dispose());

  it('registers the functions of every entry file the glob matches', () => {
    assert.deepEqual([...functions.keys()].sort(), ['cjsInEsmApp', 'esmHello']);
    assert.equal(functions.get('esmHello')?.scriptFile, 'esm.js');
    assert.equal(functions.get('cjsInEsmApp')?.scriptFile, 'common.cjs');
  });

  it('invokes a function defined in an ES module', async () => {
    const { response } = await invokeHttp(driver, functions.get('esmHello'), {
      url: 'http://localhost:7071/api/esmHello?name=Grace',
    });
    assert.equal(bodyText(httpResponse(response)), 'Hello from an ES module, Grace');
  });

  it('invokes a function defined in a .cjs file of the same app', async () => {
    const { response } = await invokeHttp(driver, functions.get('cjsInEsmApp'), {
      url: 'http://localhost:7071/api/cjsInEsmApp',
    });
    assert.equal(bodyText(httpResponse(response)), 'CommonJS file in an ES module app');
  });
});

describe('app.setup({ enableHttpStream: true })', { timeout: 60_000 }, () => {
  let driver: WorkerDriver;
  let httpUri: string;
  let fn: RpcFunctionMetadata;

  before(async () => {
    driver = await startWorker('v4-stream');
    const init = await driver.init();
    httpUri = init.capabilities[Capability.HttpUri] ?? '';
    assert.equal(init.capabilities.CustomCapability, '42');
    const [metadata] = (await driver.metadata()).functionMetadataResults;
    assert.ok(metadata);
    fn = metadata;
  });
  after(() => driver.dispose());

  it('advertises the library HTTP server as the HttpUri capability', () => {
    assert.match(httpUri, /^http:\/\/localhost:\d+\/$/);
  });

  it('serves an invocation whose request the host proxies to HttpUri', async () => {
    const invocationId = randomUUID();
    const proxied = fetch(new URL('api/streamed', httpUri), {
      method: 'POST',
      body: 'through the proxy',
      headers: {
        'x-ms-invocation-id': invocationId,
        'x-forwarded-host': 'localhost:7071',
        'x-forwarded-proto': 'http',
      },
    });
    const { response } = await driver.invoke({
      invocationId,
      functionId: fn.functionId,
      inputData: [
        {
          name: triggerBindingName(fn),
          rpcData: { case: 'data', value: { data: { case: 'http', value: {} } } },
        },
      ],
      triggerMetadata: { Headers: { data: { case: 'json', value: '{"content-type":"text/plain"}' } } },
    });
    assert.equal(response.result?.status, StatusResult_Status.Success);
    const reply = await proxied;
    assert.equal(reply.status, 200);
    assert.equal(await reply.text(), 'streamed POST through the proxy');
  });
});
