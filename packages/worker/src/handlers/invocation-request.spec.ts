import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  Capability,
  RpcLog_Level,
  RpcLog_RpcLogCategory,
  StatusResult_Status,
  type RpcFunctionMetadata,
} from '@functions-rpc/protocol';
import type { WorkerDriver } from '@functions-rpc/testkit';
import { defaultCapabilities } from '../capabilities.js';
import { bodyText, byId, httpResponse, invokeHttp, startWorker } from '../testing/harness.js';

const base = 'http://localhost:7071/api';

describe('a v4 app (CommonJS, glob main) driven over gRPC', { timeout: 60_000 }, () => {
  let driver: WorkerDriver;
  let functions: Map<string, RpcFunctionMetadata>;

  before(async () => {
    driver = await startWorker('v4-cjs');
  });
  after(() => driver.dispose());

  it('answers WorkerInitRequest with capabilities and worker metadata', async () => {
    const init = await driver.init();
    assert.equal(init.result?.status, StatusResult_Status.Success);
    for (const [name, value] of Object.entries(defaultCapabilities()))
      assert.equal(init.capabilities[name], value);
    // Named one by one as well: the loop above would pass on an empty default set.
    for (const name of [
      Capability.RawHttpBodyBytes,
      Capability.RpcHttpBodyOnly,
      Capability.UseNullableValueDictionaryForHttp,
      Capability.WorkerStatus,
      Capability.HandlesInvocationCancelMessage,
    ])
      assert.equal(init.capabilities[name], 'true', name);
    assert.equal(init.workerMetadata?.runtimeName, 'node');
    assert.equal(init.workerMetadata?.runtimeVersion, process.versions.node);
    assert.match(init.workerMetadata?.workerVersion ?? '', /^\d+\.\d+\.\d+/);
    assert.equal(init.workerMetadata?.workerBitness, process.arch);
    assert.equal(init.workerMetadata?.customProperties.modelName, '@azure/functions');
    assert.match(init.workerMetadata?.customProperties.modelVersion ?? '', /^4\./);
  });

  it('returns the registered functions with raw bindings and deterministic ids', async () => {
    const metadata = await driver.metadata();
    assert.equal(metadata.result?.status, StatusResult_Status.Success);
    assert.equal(metadata.useDefaultMetadataIndexing, false);
    functions = byId(metadata.functionMetadataResults);
    const echo = functions.get('echo');
    assert.ok(echo);
    assert.equal(echo.name, 'echo');
    assert.equal(echo.scriptFile, 'http.js');
    const trigger = echo.rawBindings.map((raw) => JSON.parse(raw) as Record<string, unknown>)[0];
    assert.equal(trigger?.type, 'httpTrigger');
    assert.equal(trigger?.direction, 'in');
    assert.equal(trigger?.route, 'echo/{category}/{id?}');
    assert.deepEqual(trigger?.methods, ['GET', 'POST', 'PUT']);
    const queue = functions.get('orders');
    const queueBindings = queue?.rawBindings.map((raw) => JSON.parse(raw) as Record<string, unknown>);
    assert.deepEqual(
      queueBindings?.map((binding) => [binding.type, binding.direction]),
      [
        ['queueTrigger', 'in'],
        ['blob', 'in'],
        ['queue', 'out'],
      ],
    );
    assert.equal(queueBindings?.[0]?.queueName, 'orders');
    assert.equal(
      functions.get('tick')?.rawBindings.some((raw) => raw.includes('"schedule":"0 */5 * * * *"')),
      true,
    );
  });

  it('answers a FunctionLoadRequestCollection with one collection', async () => {
    const requests = [...functions.values()].map((fn) => ({ functionId: fn.functionId, metadata: fn }));
    const reply = await driver.request(
      'functionLoadRequestCollection',
      { functionLoadRequests: requests },
      'functionLoadResponseCollection',
    );
    const responses = reply.content.value.functionLoadResponses;
    assert.deepEqual(
      responses.map((response) => response.functionId),
      requests.map((request) => request.functionId),
    );
    assert.ok(responses.every((response) => response.result?.status === StatusResult_Status.Success));
  });

  it('answers single FunctionLoadRequests too', async () => {
    const fn = functions.get('hello');
    assert.ok(fn);
    await driver.load([{ functionId: fn.functionId, metadata: fn }]);
  });

  it('invokes an HTTP GET with a query parameter', async () => {
    const { response } = await invokeHttp(driver, functions.get('hello'), { url: `${base}/hello?name=Ada` });
    assert.equal(response.result?.status, StatusResult_Status.Success);
    const http = httpResponse(response);
    assert.equal(http.statusCode, '200');
    assert.equal(bodyText(http), 'Hello, Ada!');
    assert.match(http.headers['content-type'] ?? '', /^text\/plain/);
  });

  it('invokes an HTTP POST with a JSON body, headers, cookies, query and route parameters', async () => {
    const { response } = await invokeHttp(driver, functions.get('echo'), {
      method: 'POST',
      url: `${base}/echo/books/7?x=1&x=2&empty=`,
      headers: {
        'Content-Type': 'application/json',
        Cookie: 'a=b; c=d',
        'X-Multi': ['one', 'two'],
        'X-Empty': '',
      },
      body: JSON.stringify({ title: 'Dune', pages: 412 }),
      params: { category: 'books', id: '7' },
    });
    assert.equal(response.result?.status, StatusResult_Status.Success);
    const http = httpResponse(response);
    assert.equal(http.statusCode, '201');
    assert.equal(http.headers['x-echo'], 'yes');
    assert.equal(http.headers['content-type'], 'application/json');
    const echoed = JSON.parse(bodyText(http)) as Record<string, Record<string, unknown>>;
    assert.equal(echoed.method, 'POST');
    assert.deepEqual(echoed.body, { title: 'Dune', pages: 412 });
    assert.deepEqual(echoed.query, { x: '1,2', empty: '' });
    assert.deepEqual(echoed.params, { category: 'books', id: '7' });
    assert.equal(echoed.cookie, 'a=b; c=d');
    assert.equal(echoed.headers?.['x-multi'], 'one,two');
    assert.equal(echoed.headers?.['x-empty'], '');
    assert.equal(echoed.functionName, 'echo');
    const [cookie] = http.cookies;
    assert.equal(cookie?.name, 'session');
    assert.equal(cookie?.value, 'abc');
    assert.equal(cookie?.httpOnly?.bool.value, true);
    assert.equal(cookie?.maxAge?.double.value, 60);
    assert.equal(cookie?.sameSite, 2);
  });

  it('passes binary bodies through unchanged', async () => {
    const bytes = Uint8Array.from([0, 1, 2, 250, 255]);
    const { response } = await invokeHttp(driver, functions.get('binary'), {
      method: 'POST',
      url: `${base}/binary`,
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    const body = httpResponse(response).body?.data;
    assert.equal(body?.case, 'bytes');
    assert.deepEqual([...(body?.value as Uint8Array)], [255, 250, 2, 1, 0]);
  });

  it('reads url-encoded form bodies', async () => {
    const { response } = await invokeHttp(driver, functions.get('echo'), {
      method: 'PUT',
      url: `${base}/echo/forms`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=Ada+Lovelace&year=1843',
      params: { category: 'forms' },
    });
    const echoed = JSON.parse(bodyText(httpResponse(response))) as { body: unknown; params: unknown };
    assert.deepEqual(echoed.body, { name: 'Ada Lovelace', year: '1843' });
    assert.deepEqual(echoed.params, { category: 'forms' });
  });

  it('answers a thrown error with Failure and a user RpcException', async () => {
    const { response } = await invokeHttp(driver, functions.get('fails'), { url: `${base}/fails` });
    assert.equal(response.result?.status, StatusResult_Status.Failure);
    const exception = response.result?.exception;
    assert.equal(exception?.message, 'The function failed on purpose.');
    assert.equal(exception?.type, 'TypeError');
    assert.equal(exception?.isUserException, true);
    assert.match(exception?.stackTrace ?? '', /http\.js:\d+/);
  });

  it('answers Failure even when describing the thrown error throws', async () => {
    const { response } = await invokeHttp(driver, functions.get('failsOddly'), { url: `${base}/failsOddly` });
    assert.equal(response.result?.status, StatusResult_Status.Failure);
    assert.equal(response.result?.exception?.message, 'The message getter failed.');
    assert.equal(response.result?.exception?.type, 'RangeError');
  });

  it('sends context.log and console output as user logs before the response', async () => {
    const { response, logs } = await invokeHttp(driver, functions.get('logs'), { url: `${base}/logs` });
    assert.equal(response.result?.status, StatusResult_Status.Success);
    const user = logs.filter((log) => log.logCategory === RpcLog_RpcLogCategory.User);
    assert.deepEqual(
      user.map((log) => [log.message, log.level]),
      [
        ['context.log line', RpcLog_Level.Information],
        ['context.warn line', RpcLog_Level.Warning],
        ['console.log line { n: 1 }', RpcLog_Level.Information],
        ['console.error after await', RpcLog_Level.Error],
      ],
    );
    assert.ok(
      user.every((log) => log.invocationId === response.invocationId && log.category === 'logs.Invocation'),
    );
    assert.equal(
      logs.some(
        (log) => log.logCategory === RpcLog_RpcLogCategory.System && log.level === RpcLog_Level.Debug,
      ),
      false,
      'no per-invocation debug log unless the host asks for it',
    );
  });

  it('keeps many invocations in flight at once, each answered once with its own logs', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        invokeHttp(driver, functions.get(index % 2 ? 'wait' : 'logs'), {
          url: `${base}/x?ms=${20 + (index % 5)}`,
        }),
      ),
    );
    assert.ok(outcomes.every(({ response }) => response.result?.status === StatusResult_Status.Success));
    for (const { response, logs } of outcomes)
      assert.ok(logs.every((log) => log.invocationId === response.invocationId));
    const ids = outcomes.map(({ response }) => response.invocationId);
    const responses = driver.received.filter(
      (message) =>
        message.content.case === 'invocationResponse' && ids.includes(message.content.value.invocationId),
    );
    assert.equal(responses.length, 40);
  });

  it('runs a timer trigger with the camel-cased timer info', async () => {
    const fn = functions.get('tick');
    assert.ok(fn);
    const timer = {
      Schedule: { AdjustForDST: true },
      ScheduleStatus: { Last: 'x', Next: '2030-01-01T00:00:00Z', LastUpdated: 'y' },
      IsPastDue: true,
    };
    const { response, logs } = await driver.invoke({
      functionId: fn.functionId,
      inputData: [
        {
          name: JSON.parse(fn.rawBindings[0] ?? '{}').name,
          rpcData: { case: 'data', value: { data: { case: 'json', value: JSON.stringify(timer) } } },
        },
      ],
      triggerMetadata: { TimerTrigger: { data: { case: 'string', value: '2030-01-01T00:00:00Z' } } },
    });
    assert.equal(response.result?.status, StatusResult_Status.Success);
    assert.deepEqual(
      logs.map((log) => log.message),
      ['timer past due: true, next: 2030-01-01T00:00:00Z'],
    );
  });

  it('runs a queue trigger with an extra blob input and an extra queue output', async () => {
    const fn = functions.get('orders');
    assert.ok(fn);
    const bindings = fn.rawBindings.map((raw) => JSON.parse(raw) as { name: string });
    const { response } = await driver.invoke({
      functionId: fn.functionId,
      inputData: [
        {
          name: bindings[0]?.name,
          rpcData: { case: 'data', value: { data: { case: 'string', value: '{"id":17}' } } },
        },
        {
          name: bindings[1]?.name,
          rpcData: { case: 'data', value: { data: { case: 'bytes', value: Buffer.from('blob text') } } },
        },
      ],
      triggerMetadata: {
        DequeueCount: { data: { case: 'json', value: '3' } },
        QueueTrigger: { data: { case: 'string', value: '{"id":17}' } },
      },
    });
    assert.equal(response.result?.status, StatusResult_Status.Success);
    const output = response.outputData.find((binding) => binding.name === bindings[2]?.name);
    assert.equal(output?.rpcData.case, 'data');
    const data = output?.rpcData.value?.data;
    assert.equal(data?.case, 'json');
    assert.deepEqual(JSON.parse(data?.value as string), {
      received: { id: 17 },
      dequeueCount: 3,
      blob: 'blob text',
    });
    assert.equal(response.returnValue?.data.case, 'json', 'a non-HTTP result is returned as return_value');
  });

  it('runs a blob trigger whose result goes to a $return output', async () => {
    const fn = functions.get('blobs');
    assert.ok(fn);
    const { response } = await driver.invoke({
      functionId: fn.functionId,
      inputData: [
        {
          name: JSON.parse(fn.rawBindings[0] ?? '{}').name,
          rpcData: { case: 'data', value: { data: { case: 'bytes', value: Buffer.from('12345') } } },
        },
      ],
      triggerMetadata: { name: { data: { case: 'string', value: 'five.txt' } } },
    });
    assert.equal(response.result?.status, StatusResult_Status.Success);
    assert.deepEqual(response.returnValue?.data, { case: 'string', value: 'five.txt:5' });
  });

  it('refuses registerFunction once indexing is locked', async () => {
    const { response } = await invokeHttp(driver, functions.get('lateRegister'), {
      url: `${base}/lateRegister`,
    });
    const http = httpResponse(response);
    assert.equal(http.statusCode, '500');
    assert.equal(bodyText(http), 'A function can only be registered during app startup.');
  });

  it('answers an unknown function id with Failure', async () => {
    const { response } = await driver.invoke({ functionId: 'no-such-function', invocationId: randomUUID() });
    assert.equal(response.result?.status, StatusResult_Status.Failure);
    assert.match(response.result?.exception?.message ?? '', /no-such-function/);
    assert.equal(response.result?.exception?.isUserException, false);
  });
});
