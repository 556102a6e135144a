import { randomUUID } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { QueueClient } from '@azure/storage-queue';
import {
  Capability,
  StatusResult_Status,
  type InvocationRequest,
  type RpcHttp,
  type StreamingMessage,
  type StreamingMessageOf,
} from '@functions-rpc/protocol';
import { check, NotApplicable } from '../conformance/verdict.js';
import {
  answerHttp,
  HOST_KIT_FUNCTIONS,
  kitFunctionId,
  withCapabilities,
  type WorkerBehaviour,
} from './autopilot.js';
import type { HostScenario } from './host-scenario.js';
import type { HostSession } from './host-session.js';
import { StreamServer } from './stream-server.js';

/** Both argument styles a host passes (BEHAVIOR 3.2). */
const LAUNCH_FLAGS = [
  '--host',
  '--port',
  '--workerId',
  '--requestId',
  '--grpcMaxMessageLength',
  '--functions-uri',
  '--functions-worker-id',
  '--functions-request-id',
  '--functions-grpc-max-message-length',
];

/** A request the kit's garbage scenario writes: field 1 (request_id, a string) sent as a varint. */
const GARBAGE = new Uint8Array([0x08, 0x01, 0x41]);

/** The timer function of the timer scenario: every 2 seconds. */
const TICK = {
  name: 'tick',
  bindings: [{ name: 'timer', type: 'timerTrigger', direction: 'in', schedule: '*/2 * * * * *' }],
};

/** The queue function of the queue scenario; the queue's name is new in each session. */
const ORDERS = 'orders';

/** The text of the queue scenario's message. */
const ORDER_TEXT = 'kit order';

/** How long the host may take to delete a message whose invocation succeeded. */
const DELETE_WAIT_MS = 10_000;

/** How long the slow-worker scenario holds its answer back. */
const SLOW_ANSWER_MS = 3000;

export const hostLaunch: HostScenario = {
  name: 'host-launch',
  title: 'The worker is started with both argument styles, the app as working directory and its environment',
  async run(session) {
    const worker = await session.worker();
    const missing = LAUNCH_FLAGS.filter((flag) => worker.flag(flag) === undefined);
    check(
      missing.length === 0,
      `the worker command line lacks ${missing.join(', ')}: ${worker.launch.argv.join(' ')}`,
    );
    const uri = new URL(worker.flag('--functions-uri')!);
    check(
      uri.port === worker.flag('--port') &&
        worker.flag('--workerId') === worker.flag('--functions-worker-id'),
      `the two argument styles disagree: ${worker.launch.argv.join(' ')}`,
    );
    check(
      samePath(worker.launch.cwd, session.appDir),
      `working directory ${worker.launch.cwd}, expected the app folder`,
    );
    const env = worker.launch.env;
    check(
      samePath(env['FUNCTIONS_WORKER_DIRECTORY'], session.workerDir),
      `FUNCTIONS_WORKER_DIRECTORY is ${env['FUNCTIONS_WORKER_DIRECTORY']}, expected the worker folder`,
    );
    check(
      samePath(env['FUNCTIONS_APPLICATION_DIRECTORY'], session.appDir),
      `FUNCTIONS_APPLICATION_DIRECTORY is ${env['FUNCTIONS_APPLICATION_DIRECTORY']}, expected the app folder`,
    );
  },
};

export const hostInitRequest: HostScenario = {
  name: 'host-init-request',
  title: 'After StartStream the host sends WorkerInitRequest first, with host version and both folders',
  async run(session) {
    const worker = await session.worker();
    const init = await worker.waitFor('workerInitRequest', session.timeoutMs);
    check(
      worker.received[0] === init,
      `the host sent ${worker.received[0]?.content.case} before WorkerInitRequest`,
      worker.received[0],
    );
    const request = init.content.value;
    check(request.hostVersion, 'WorkerInitRequest has no host_version (the Node.js library reads it)', init);
    check(
      samePath(request.workerDirectory, session.workerDir),
      `worker_directory is '${request.workerDirectory}'`,
      init,
    );
    check(
      samePath(request.functionAppDirectory, session.appDir),
      `function_app_directory is '${request.functionAppDirectory}'`,
      init,
    );
  },
};

export const hostMetadataAndLoad: HostScenario = {
  name: 'host-metadata-load',
  title: 'FunctionsMetadataRequest (worker indexing), then a load request per function before any invocation',
  async run(session) {
    const worker = await session.worker();
    const metadata = await worker.waitFor('functionsMetadataRequest', session.timeoutMs);
    check(
      samePath(metadata.content.value.functionAppDirectory, session.appDir),
      `function_app_directory is '${metadata.content.value.functionAppDirectory}'`,
      metadata,
    );
    for (const fn of HOST_KIT_FUNCTIONS) {
      const load = await worker.waitFor(
        'functionLoadRequest',
        session.timeoutMs,
        (request) => request.functionId === kitFunctionId(fn.name),
      );
      const meta = load.content.value.metadata;
      check(meta?.name === fn.name, `the load request for '${fn.name}' names '${meta?.name}'`, load);
      check(
        meta?.bindings['req']?.type === 'httpTrigger',
        `the load request for '${fn.name}' lacks its trigger binding`,
        load,
      );
    }
  },
};

export const hostLoadCollection: HostScenario = {
  name: 'host-load-collection',
  title: 'SupportsLoadResponseCollection: one FunctionLoadRequestCollection with every function',
  behaviour: () => ({ capabilities: withCapabilities('SupportsLoadResponseCollection') }),
  async run(session) {
    const worker = await session.worker();
    const collection = await worker.waitFor('functionLoadRequestCollection', session.timeoutMs);
    const ids = collection.content.value.functionLoadRequests.map((load) => load.functionId).sort();
    check(
      JSON.stringify(ids) === JSON.stringify(HOST_KIT_FUNCTIONS.map((fn) => kitFunctionId(fn.name)).sort()),
      `the collection loads ${JSON.stringify(ids)}`,
      collection,
    );
    check(
      (await session.fetch('/api/hello')).status === 201,
      'a request after the collection load was not served',
    );
  },
};

export const hostHttpNodeShape: HostScenario = {
  name: 'host-http-node-shape',
  title:
    'HTTP to InvocationRequest for the Node.js capabilities: nullable maps, body bytes, no request in metadata',
  async run(session) {
    const { reply, invocation, http } = await postEcho(session, '/api/echo/books/7?x=1&y=two');
    check(http.method === 'POST', `method '${http.method}'`, invocation);
    check(/\/api\/echo\/books\/7\?x=1&y=two$/.test(http.url), `url '${http.url}'`, invocation);
    check(nullableValues(http.nullableQuery)['y'] === 'two', 'nullable_query lacks y=two', invocation);
    check(
      nullableValues(http.nullableHeaders)['x-kit-one'] === 'a',
      'nullable_headers lacks x-kit-one (lower-cased)',
      invocation,
    );
    check(
      nullableValues(http.nullableParams)['category'] === 'books' &&
        nullableValues(http.nullableParams)['id'] === '7',
      'nullable_params lacks category=books, id=7',
      invocation,
    );
    check(
      Object.keys(http.query).length === 0 && Object.keys(http.headers).length === 0,
      'the plain maps are filled too',
      invocation,
    );
    check(
      http.body?.data.case === 'bytes' && Buffer.from(http.body.data.value).toString() === '{"kit":1}',
      `body is ${http.body?.data.case ?? 'absent'}, expected the bytes sent (RawHttpBodyBytes)`,
      invocation,
    );
    check(http.rawBody === undefined, 'rawBody is set though RpcHttpBodyOnly is advertised', invocation);
    const metadata = invocation.content.value.triggerMetadata;
    check(
      !('req' in metadata) && !('$request' in metadata),
      'trigger metadata carries the request (RpcHttpTriggerMetadataRemoved)',
      invocation,
    );
    checkHttpMetadata(invocation);
    checkReply(reply);
  },
};

export const hostHttpDefaultShape: HostScenario = {
  name: 'host-http-default-shape',
  title:
    'HTTP to InvocationRequest for a worker with no HTTP capabilities: plain maps, parsed JSON body, rawBody',
  behaviour: () => ({ capabilities: { [Capability.WorkerStatus]: 'true' } }),
  async run(session) {
    const { reply, invocation, http } = await postEcho(session, '/api/echo/a/b?x=1');
    check(
      http.query['x'] === '1' && http.headers['x-kit-one'] === 'a',
      'query or headers are not in the plain maps',
      invocation,
    );
    check(
      http.params['category'] === 'a' && http.params['id'] === 'b',
      'route params are not in params',
      invocation,
    );
    check(
      http.body?.data.case === 'json',
      `body is ${http.body?.data.case ?? 'absent'}, expected json`,
      invocation,
    );
    check(
      http.rawBody?.data.case === 'string' && http.rawBody.data.value === '{"kit":1}',
      `rawBody is ${http.rawBody?.data.case ?? 'absent'}, expected the text sent`,
      invocation,
    );
    const metadata = invocation.content.value.triggerMetadata;
    check('req' in metadata && '$request' in metadata, 'trigger metadata lacks req and $request', invocation);
    checkReply(reply);
  },
};

export const hostSlowWorker: HostScenario = {
  name: 'host-slow-worker',
  title: `A worker that answers after ${SLOW_ANSWER_MS / 1000} s: the request waits and gets the answer`,
  behaviour: () => ({
    onInvocation: (request, worker) => void setTimeout(() => answerHttp(worker, request), SLOW_ANSWER_MS),
  }),
  async run(session) {
    checkReply(await readReply(await session.fetch('/api/hello')));
  },
};

export const hostWorkerCrash: HostScenario = {
  name: 'host-worker-crash',
  title:
    'The worker exits in the middle of an invocation: the request is answered, a new worker serves the next',
  behaviour: () => firstInvocationThen((_, worker) => worker.exit(3)),
  async run(session) {
    const first = await session.fetch('/api/hello');
    await first.arrayBuffer();
    check(first.status >= 500, `the request whose worker crashed got ${first.status}, expected a 5xx`);
    await session.worker(1);
    checkReply(await readReply(await retry(session, '/api/hello')));
    check(session.hostRunning, 'the host exited');
  },
};

export const hostGarbage: HostScenario = {
  name: 'host-garbage',
  title: 'The worker sends unreadable bytes: the request is answered and the host keeps serving',
  behaviour: () => firstInvocationThen((_, worker) => worker.sendBytes(GARBAGE)),
  async run(session) {
    const first = await session.fetch('/api/hello');
    await first.arrayBuffer();
    check(first.status >= 500, `the request the worker garbled got ${first.status}, expected a 5xx`);
    checkReply(await readReply(await retry(session, '/api/hello')));
    check(session.hostRunning, 'the host exited');
  },
};

export const hostUnknownIds: HostScenario = {
  name: 'host-unknown-ids',
  title:
    'A load response for an unknown function and a response for an unknown invocation do not take the host down',
  behaviour: () => ({
    extraLoadResponses: [
      { functionId: 'kit-no-such-function', result: { status: StatusResult_Status.Success } },
    ],
    onInvocation: (request, worker) => {
      answerHttp(worker, { ...request, invocationId: 'kit-no-such-invocation' });
      answerHttp(worker, request);
    },
  }),
  async run(session) {
    checkReply(await readReply(await retry(session, '/api/hello')));
    check(session.hostRunning, 'the host exited');
  },
};

export const hostStatusUnanswered: HostScenario = {
  name: 'host-status-unanswered',
  title: 'A worker that never answers WorkerStatusRequest still gets invocations',
  behaviour: () => ({ answerStatus: false }),
  async run(session) {
    for (let i = 0; i < 3; i++) checkReply(await readReply(await session.fetch('/api/hello')));
    check(session.hostRunning, 'the host exited');
  },
};

export const hostTerminateIgnored: HostScenario = {
  name: 'host-terminate-ignored',
  title: 'On stop the host sends WorkerTerminate with a grace period and kills a worker that ignores it',
  behaviour: () => ({ obeyTerminate: false }),
  async run(session) {
    checkReply(await readReply(await session.fetch('/api/hello')));
    const worker = await session.worker();
    const exited = await session.stopHost(20_000);
    check(exited !== undefined, `the host still runs 20 s after SIGTERM\n${session.tail()}`);
    const terminate = worker.received.find((message) => message.content.case === 'workerTerminate');
    check(
      terminate,
      'the host sent no WorkerTerminate though the worker advertises HandlesWorkerTerminateMessage',
    );
    const gone = await Promise.race([worker.gone.then(() => true), delay(3000).then(() => false)]);
    check(gone, 'the worker process outlived the host');
  },
};

export const hostCancelOnDisconnect: HostScenario = {
  name: 'host-cancel-on-disconnect',
  title: 'HandlesInvocationCancelMessage: a client that goes away makes the host send InvocationCancel',
  behaviour: () => ({
    capabilities: withCapabilities('HandlesInvocationCancelMessage'),
    // Holds every invocation until the host cancels it, then answers Cancelled.
    onInvocation: (request, worker) => {
      void worker
        .waitFor('invocationCancel', 60_000, (cancel) => cancel.invocationId === request.invocationId)
        .then(() =>
          worker.send('invocationResponse', {
            invocationId: request.invocationId,
            result: { status: StatusResult_Status.Cancelled },
          }),
        )
        .catch(() => undefined);
    },
  }),
  async run(session) {
    const worker = await session.worker();
    await worker.waitFor('functionLoadRequest', session.timeoutMs);
    const client = new AbortController();
    const request = session.fetch('/api/hello', { signal: client.signal }).catch(() => undefined);
    const invocation = await worker.waitFor('invocationRequest', session.timeoutMs);
    client.abort();
    await request;
    try {
      await worker.waitFor(
        'invocationCancel',
        10_000,
        (cancel) => cancel.invocationId === invocation.content.value.invocationId,
      );
    } catch {
      check(false, 'no InvocationCancel within 10 s of the client going away', invocation);
    }
    check(session.hostRunning, 'the host exited');
  },
};

export const hostHttpStream: HostScenario = {
  name: 'host-http-stream',
  title:
    "HttpUri: the request is forwarded to the worker's server with its invocation id, the InvocationRequest carries only route params",
  behaviour: () => ({ httpStream: new StreamServer() }),
  async run(session) {
    const path = '/api/echo/books/7?x=1&y=two';
    const { reply, invocation, http } = await postEcho(session, path);
    const stream = session.behaviour.httpStream!;
    const { invocationId } = invocation.content.value;
    const forwarded = stream.forwarded.find(
      (request) => request.headers['x-ms-invocation-id'] === invocationId,
    );
    check(
      forwarded,
      `no request reached the worker's HttpUri with x-ms-invocation-id ${invocationId} (${stream.forwarded.length} forwarded)`,
      invocation,
    );
    check(
      forwarded.method === 'POST' && forwarded.url === path,
      `the forwarded request is ${forwarded.method} ${forwarded.url}, expected POST ${path}`,
    );
    check(
      forwarded.headers['x-kit-one'] === 'a' && forwarded.body.toString() === '{"kit":1}',
      "the forwarded request lost the client's header or body",
    );
    check(
      forwarded.headers['x-forwarded-host'] && forwarded.headers['x-forwarded-proto'],
      'the forwarded request lacks x-forwarded-host or x-forwarded-proto (the Node.js library rebuilds the URL from them)',
    );
    const params = { ...http.params, ...nullableValues(http.nullableParams) };
    check(
      params['category'] === 'books' && params['id'] === '7',
      'the RpcHttp lacks the route params (RequiresRouteParameters)',
      invocation,
    );
    check(
      !http.method && !http.url && !http.body && !http.rawBody && Object.keys(http.headers).length === 0,
      'the RpcHttp carries more than the route params, though the worker reads the request from its server',
      invocation,
    );
    checkHttpMetadata(invocation);
    checkReply(reply);
  },
};

export const hostTimer: HostScenario = {
  name: 'host-timer',
  title:
    'A timer function (every 2 s) is invoked repeatedly with the TimerInfo JSON and TimerTrigger metadata',
  behaviour: () => ({ extraFunctions: [TICK] }),
  async run(session) {
    const worker = await session.worker();
    const ticks = (message: StreamingMessage): boolean =>
      message.content.case === 'invocationRequest' &&
      message.content.value.functionId === kitFunctionId(TICK.name);
    const first = await worker.waitFor('invocationRequest', session.timeoutMs, (_, message) =>
      ticks(message),
    );
    const input = first.content.value.inputData[0];
    check(input?.name === 'timer', `the trigger input is named '${input?.name}', expected 'timer'`, first);
    const data = input.rpcData.case === 'data' ? input.rpcData.value.data : undefined;
    check(data?.case === 'json', `the TimerInfo is ${data?.case ?? 'absent'}, expected json`, first);
    const info = JSON.parse(data.value) as Record<string, unknown>;
    check(
      typeof info['IsPastDue'] === 'boolean' && typeof info['Schedule'] === 'object',
      'the TimerInfo lacks IsPastDue or Schedule (PascalCase)',
      first,
    );
    check(
      'TimerTrigger' in first.content.value.triggerMetadata,
      'trigger metadata lacks TimerTrigger',
      first,
    );
    const deadline = Date.now() + 10_000;
    while (worker.received.filter(ticks).length < 2 && Date.now() < deadline) await delay(250);
    check(worker.received.filter(ticks).length >= 2, 'the timer ran once and not again within 10 s');
  },
};

export const hostQueue: HostScenario = {
  name: 'host-queue',
  title:
    'A queue message becomes an InvocationRequest with its text and trigger metadata, and is deleted after Success',
  behaviour: () => ({
    extraFunctions: [
      {
        name: ORDERS,
        bindings: [
          {
            name: 'item',
            type: 'queueTrigger',
            direction: 'in',
            queueName: `kit-orders-${randomUUID().slice(0, 8)}`,
            connection: 'AzureWebJobsStorage',
          },
        ],
      },
    ],
  }),
  async run(session) {
    if (!session.storage) throw new NotApplicable('no storage connection was given (--storage)');
    const queueName = String(session.behaviour.extraFunctions?.[0]?.bindings[0]?.['queueName']);
    const queue = new QueueClient(session.storage, queueName);
    await queue.createIfNotExists();
    try {
      const worker = await session.worker();
      await worker.waitFor(
        'functionLoadRequest',
        session.timeoutMs,
        (load) => load.functionId === kitFunctionId(ORDERS),
      );
      // The host's default message encoding is base64.
      await queue.sendMessage(Buffer.from(ORDER_TEXT).toString('base64'));
      const invocation = await worker.waitFor(
        'invocationRequest',
        session.timeoutMs,
        (request) => request.functionId === kitFunctionId(ORDERS),
      );
      checkQueueInvocation(invocation);
      const deadline = Date.now() + DELETE_WAIT_MS;
      while ((await queue.peekMessages()).peekedMessageItems.length > 0 && Date.now() < deadline)
        await delay(250);
      const left = (await queue.peekMessages()).peekedMessageItems.length;
      check(left === 0, `the message is still queued ${DELETE_WAIT_MS / 1000} s after the worker's Success`);
    } finally {
      await queue.deleteIfExists();
    }
  },
};

/** Every host scenario, in the order a worker meets the situations. */
export const HOST_SCENARIOS: readonly HostScenario[] = [
  hostLaunch,
  hostInitRequest,
  hostMetadataAndLoad,
  hostLoadCollection,
  hostHttpNodeShape,
  hostHttpDefaultShape,
  hostHttpStream,
  hostTimer,
  hostQueue,
  hostSlowWorker,
  hostWorkerCrash,
  hostGarbage,
  hostUnknownIds,
  hostStatusUnanswered,
  hostCancelOnDisconnect,
  hostTerminateIgnored,
];

/** A worker that misbehaves on the host's first invocation (in any of its processes) and answers the rest. */
function firstInvocationThen(misbehave: NonNullable<WorkerBehaviour['onInvocation']>): WorkerBehaviour {
  let done = false;
  return {
    onInvocation: (request, worker) => {
      if (done) return answerHttp(worker, request);
      done = true;
      misbehave(request, worker);
    },
  };
}

interface Reply {
  readonly status: number;
  readonly header: string | null;
  readonly body: string;
}

async function readReply(response: Response): Promise<Reply> {
  return { status: response.status, header: response.headers.get('x-kit'), body: await response.text() };
}

/** The worker's answer (201, x-kit: yes, body kit) came back through the host. */
function checkReply(reply: Reply): void {
  check(
    reply.status === 201 && reply.header === 'yes' && reply.body === 'kit',
    `the HTTP response is ${reply.status}, x-kit ${reply.header}, body ${JSON.stringify(reply.body.slice(0, 200))}; expected the worker's 201, yes, "kit"`,
  );
}

/** POSTs `{"kit":1}` as JSON with header x-kit-one: a to `path`; the reply and the invocation it became. */
async function postEcho(session: HostSession, path: string) {
  const response = await session.fetch(path, {
    method: 'POST',
    headers: { 'x-kit-one': 'a', 'content-type': 'application/json' },
    body: '{"kit":1}',
  });
  const reply = await readReply(response);
  const invocation = await invocationOf(session, 'echo');
  const http = httpOf(invocation.content.value);
  check(http, 'the trigger input is not an RpcHttp', invocation);
  return { reply, invocation, http };
}

/** The latest invocation of a kit function any worker received. */
async function invocationOf(session: HostSession, name: string) {
  const worker = session.workers.at(-1) ?? (await session.worker());
  return worker.waitFor(
    'invocationRequest',
    session.timeoutMs,
    (request) => request.functionId === kitFunctionId(name),
  );
}

/** The queue invocation carries the message text and the queue trigger metadata (BEHAVIOR 6.5). */
function checkQueueInvocation(invocation: StreamingMessageOf<'invocationRequest'>): void {
  const input = invocation.content.value.inputData[0];
  const data = input?.rpcData.case === 'data' ? input.rpcData.value.data : undefined;
  check(input?.name === 'item', `the trigger input is named '${input?.name}', expected 'item'`, invocation);
  check(
    data?.case === 'string' && data.value === ORDER_TEXT,
    `the message reached the worker as ${data?.case ?? 'nothing'}, expected the string '${ORDER_TEXT}'`,
    invocation,
  );
  const metadata = invocation.content.value.triggerMetadata;
  const text = (name: string): string | undefined => {
    const value = metadata[name]?.data;
    return value?.case === 'string' || value?.case === 'json' ? value.value : undefined;
  };
  check(text('DequeueCount') === '1', `DequeueCount is ${text('DequeueCount')}, expected 1`, invocation);
  check(text('QueueTrigger') === ORDER_TEXT, 'trigger metadata lacks QueueTrigger with the text', invocation);
  check(text('Id'), 'trigger metadata lacks the message Id', invocation);
}

/** The HTTP trigger metadata every worker reads: Query and Headers. */
function checkHttpMetadata(invocation: StreamingMessageOf<'invocationRequest'>): void {
  const metadata = invocation.content.value.triggerMetadata;
  check('Query' in metadata && 'Headers' in metadata, 'trigger metadata lacks Query or Headers', invocation);
}

/** A nullable map's string values. */
function nullableValues(map: RpcHttp['nullableQuery']): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(map).map(([key, value]) => [key, value.string.value]));
}

function httpOf(request: InvocationRequest): RpcHttp | undefined {
  const data = request.inputData[0]?.rpcData;
  return data?.case === 'data' && data.value.data.case === 'http' ? data.value.data.value : undefined;
}

/** Requests `path` until the host answers with something other than 5xx (a worker may be restarting). */
async function retry(session: HostSession, path: string): Promise<Response> {
  const deadline = Date.now() + session.timeoutMs;
  for (;;) {
    const response = await session.fetch(path);
    if (response.status < 500 || Date.now() > deadline) return response;
    await response.arrayBuffer();
    await delay(500);
  }
}

function samePath(actual: string | undefined, expected: string): boolean {
  if (!actual) return false;
  try {
    return realpathSync(actual) === realpathSync(expected);
  } catch {
    return false;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
