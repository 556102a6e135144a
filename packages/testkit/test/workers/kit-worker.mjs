// A small worker that implements the conformance kit's functions itself (worker indexing, no app files),
// for the kit's own tests. Run as it is, it passes every scenario. FNRPC_KIT_WORKER_FAULT makes it break
// one rule on purpose:
//   twice            answers every invocation twice
//   ignore-status    advertises WorkerStatus but never answers a status request
//   lose-log-id      sends user logs without the invocation id
//   exit-on-unknown  exits when a message of an unknown kind arrives
//   index-fails      answers FunctionsMetadataRequest with Failure, as a worker that cannot import the app
import {
  cancelledResult,
  failureResult,
  FunctionRpcClient,
  RpcLog_Level,
  RpcLog_RpcLogCategory,
  successResult,
} from '@functions-rpc/protocol';

const fault = process.env.FNRPC_KIT_WORKER_FAULT ?? '';
const args = process.argv.slice(2);
const flag = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const requestId = flag('--functions-request-id') ?? flag('--requestId');
const client = FunctionRpcClient.connect({
  uri: flag('--functions-uri') ?? `http://${flag('--host')}:${flag('--port')}/`,
  workerId: flag('--functions-worker-id') ?? flag('--workerId'),
  requestId,
});

const capabilities = {
  RpcHttpBodyOnly: 'true',
  RawHttpBodyBytes: 'true',
  RpcHttpTriggerMetadataRemoved: 'true',
  UseNullableValueDictionaryForHttp: 'true',
  WorkerStatus: 'true',
  HandlesWorkerTerminateMessage: 'true',
  HandlesInvocationCancelMessage: 'true',
  SupportsLoadResponseCollection: 'true',
};

const http = (route, methods) => [
  { name: 'req', type: 'httpTrigger', direction: 'in', authLevel: 'anonymous', methods, route },
  { name: '$return', type: 'http', direction: 'out' },
];
const bindings = {
  hello: http('hello', ['get', 'post']),
  echo: http('echo/{category}/{id}', ['get', 'post']),
  body: http('body', ['post']),
  respond: http('respond', ['get']),
  fail: http('fail', ['get', 'post']),
  logs: http('logs', ['get']),
  slow: http('slow', ['get']),
  timer: [{ name: 'timer', type: 'timerTrigger', direction: 'in', schedule: '0 0 0 1 1 *' }],
  queue: [
    {
      name: 'item',
      type: 'queueTrigger',
      direction: 'in',
      queueName: 'kit-items',
      connection: 'AzureWebJobsStorage',
    },
  ],
};
const loaded = new Set();
/** Invocations still running, by id: how to cancel each. */
const running = new Map();

client.onMessage((message) => {
  const { case: kind, value } = message.content;
  switch (kind) {
    case 'workerInitRequest':
      return client.send('workerInitResponse', {
        capabilities,
        result: successResult(),
        workerMetadata: {
          runtimeName: 'node',
          runtimeVersion: process.versions.node,
          workerVersion: '0.0.0-kit',
        },
      });
    case 'functionsMetadataRequest':
      if (fault === 'index-fails')
        return client.send('functionMetadataResponse', {
          result: failureResult(new Error("Cannot find module 'kit-app'")),
        });
      return client.send('functionMetadataResponse', {
        result: successResult(),
        functionMetadataResults: Object.entries(bindings).map(([name, list]) => ({
          name,
          functionId: `kit-${name}`,
          directory: value.functionAppDirectory,
          language: 'node',
          rawBindings: list.map((binding) => JSON.stringify(binding)),
        })),
      });
    case 'functionLoadRequest':
      return client.send('functionLoadResponse', load(value));
    case 'functionLoadRequestCollection':
      return client.send('functionLoadResponseCollection', {
        functionLoadResponses: value.functionLoadRequests.map(load),
      });
    case 'invocationRequest':
      return invoke(value);
    case 'invocationCancel':
      return running.get(value.invocationId)?.();
    case 'workerStatusRequest':
      if (fault !== 'ignore-status') client.send('workerStatusResponse', {}, message.requestId);
      return;
    case 'functionEnvironmentReloadRequest':
      return client.send('functionEnvironmentReloadResponse', { result: successResult() });
    case 'workerTerminate':
      return terminate();
    case undefined:
      if (fault === 'exit-on-unknown') process.exit(1);
      return;
    default:
      return;
  }
});
void client.closed.then(() => process.exit(0));

function load({ functionId }) {
  const known = Object.keys(bindings).some((name) => `kit-${name}` === functionId);
  if (known) loaded.add(functionId);
  return {
    functionId,
    result: known ? successResult() : failureResult(new Error(`No function with id '${functionId}'.`)),
  };
}

function answer(response) {
  client.send('invocationResponse', response);
  if (fault === 'twice') client.send('invocationResponse', response);
}

function log(invocationId, text) {
  client.send('rpcLog', {
    invocationId: fault === 'lose-log-id' ? '' : invocationId,
    category: 'kit.Invocation',
    level: RpcLog_Level.Information,
    message: text,
    logCategory: RpcLog_RpcLogCategory.User,
  });
}

async function invoke(request) {
  const { invocationId, functionId } = request;
  const name = functionId.replace(/^kit-/, '');
  const input = request.inputData[0]?.rpcData.value?.data;
  try {
    const returnValue = await run(name, invocationId, input, request.triggerMetadata);
    answer({ invocationId, result: successResult(), ...(returnValue ? { returnValue } : {}) });
  } catch (error) {
    answer({
      invocationId,
      result: error === CANCELLED ? cancelledResult('cancelled by the host') : failureResult(error),
    });
  }
}

const CANCELLED = Symbol('cancelled');

async function run(name, invocationId, input, triggerMetadata) {
  if (name === 'timer') {
    log(invocationId, `timer ran, isPastDue=${JSON.parse(input.value).IsPastDue}`);
    return undefined;
  }
  if (name === 'queue') {
    const dequeueCount = JSON.parse(triggerMetadata.DequeueCount.data.value);
    log(invocationId, `queue got ${input.value} dequeueCount=${dequeueCount}`);
    return undefined;
  }
  const req = readRequest(input.value);
  switch (name) {
    case 'hello':
      return reply(200, {}, `Hello, ${req.query.name || req.body.toString() || 'world'}!`);
    case 'echo':
      return reply(200, { 'content-type': 'application/json' }, JSON.stringify({ ...req, body: undefined }));
    case 'body':
      return reply(
        200,
        { 'content-type': req.headers['content-type'] ?? 'application/octet-stream' },
        req.body,
      );
    case 'respond':
      return reply(201, { 'x-kit': 'yes' }, 'created', [
        {
          name: 'kit',
          value: '1',
          path: { string: { case: 'value', value: '/' } },
          httpOnly: { bool: { case: 'value', value: true } },
        },
      ]);
    case 'fail':
      throw new Error('kit failure');
    case 'logs':
      log(invocationId, 'kit log 1');
      log(invocationId, 'kit log 2');
      return reply(200, {}, 'logged');
    case 'slow':
      await new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, Number(req.query.ms ?? '1000'));
        running.set(invocationId, () => {
          clearTimeout(timer);
          reject(CANCELLED);
        });
      }).finally(() => running.delete(invocationId));
      return reply(200, {}, 'done');
    default:
      throw new Error(`No function '${name}'.`);
  }
}

function plain(nullable) {
  return Object.fromEntries(Object.entries(nullable).map(([key, value]) => [key, value.string.value ?? '']));
}

function readRequest(http) {
  const body = http.body?.data;
  return {
    method: http.method,
    query: plain(http.nullableQuery),
    headers: plain(http.nullableHeaders),
    params: plain(http.nullableParams),
    body: body?.case === 'bytes' ? Buffer.from(body.value) : Buffer.from(body?.value ?? ''),
  };
}

function reply(status, headers, body, cookies = []) {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  return {
    data: {
      case: 'http',
      value: {
        statusCode: String(status),
        headers,
        cookies,
        body: { data: { case: 'bytes', value: bytes } },
      },
    },
  };
}

async function terminate() {
  const deadline = Date.now() + 4000;
  while (running.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  await client.end();
  process.exit(0);
}
