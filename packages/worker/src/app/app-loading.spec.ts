import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  Capability,
  RpcLog_Level,
  StatusResult_Status,
  type RpcFunctionMetadata,
} from '@functions-rpc/protocol';
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

describe(
  "entry points: package.json main loaded in the order of Microsoft's worker",
  { timeout: 60_000 },
  () => {
    async function loadOrder(app: string, name: string): Promise<unknown> {
      const driver = await startWorker(app);
      try {
        const functions = byId((await driver.initAndLoad()).functionMetadataResults);
        const { response } = await invokeHttp(driver, functions.get(name), {
          url: `http://localhost:7071/api/${name}`,
        });
        return JSON.parse(bodyText(httpResponse(response))) as unknown;
      } finally {
        await driver.dispose();
      }
    }

    it('loads the files of a level before those of its subdirectories (src/index.js before src/functions/*)', async () => {
      assert.deepEqual(await loadOrder('v4-entry-order', 'order'), [
        'src/index.js',
        'src/functions/a.js',
        'src/functions/b.js',
        'src/functions/nested/c.js',
      ]);
    });

    it('loads every file under a main that names a directory, level by level', async () => {
      assert.deepEqual(await loadOrder('v4-entry-dir', 'dirOrder'), ['lib/setup.js', 'lib/routes/hello.js']);
    });

    it('ignores a main that is not a string, as Microsoft does, and says so', async () => {
      const driver = await startWorker('v4-entry-array');
      try {
        const metadata = await driver.initAndLoad();
        assert.deepEqual(metadata.functionMetadataResults, []);
        const warning = driver.received.find(
          (message) => message.content.case === 'rpcLog' && message.content.value.message.includes('"main"'),
        );
        assert.equal(warning?.content.case, 'rpcLog');
        assert.equal(warning.content.value.level, RpcLog_Level.Warning);
        assert.match(warning.content.value.message, /must be a string .*\["src\/index.js"\]/);
      } finally {
        await driver.dispose();
      }
    });
  },
);
