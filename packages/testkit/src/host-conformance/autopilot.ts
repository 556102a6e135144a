import {
  capabilityMap,
  Capability,
  failureResult,
  NODE_WORKER_CAPABILITIES,
  successResult,
  type InvocationRequest,
  type MessagePayloadInit,
} from '@functions-rpc/protocol';
import type { FakeWorker } from './fake-worker.js';
import type { StreamServer } from './stream-server.js';

/** The functions the stand-in worker indexes: two HTTP functions (BEHAVIOR 4.3, worker indexing). */
export const HOST_KIT_FUNCTIONS = [
  { name: 'hello', route: 'hello' },
  { name: 'echo', route: 'echo/{category}/{id}' },
] as const;

/** A function the stand-in worker indexes on top of {@link HOST_KIT_FUNCTIONS}: its name and bindings. */
export interface ExtraKitFunction {
  readonly name: string;
  readonly bindings: readonly Readonly<Record<string, unknown>>[];
}

/** How long a streaming stand-in worker waits for the forwarded request of an HTTP invocation. */
const FORWARD_WAIT_MS = 10_000;

/** The function id the stand-in worker gives a function. */
export function kitFunctionId(name: string): string {
  return `kit-${name}`;
}

/** How the stand-in worker behaves; by default, as a correct Node.js worker would. */
export interface WorkerBehaviour {
  /** Capabilities it advertises; default: the Node.js set. */
  readonly capabilities?: Readonly<Record<string, string>>;
  /** Answer WorkerStatusRequest; default true. */
  readonly answerStatus?: boolean;
  /** Exit on WorkerTerminate; default true. */
  readonly obeyTerminate?: boolean;
  /** Answers an invocation; default {@link answerHttp} with 201 and body `kit`. */
  readonly onInvocation?: (request: InvocationRequest, worker: FakeWorker) => void;
  /** Extra load responses sent after the right ones (an unknown function id, say). */
  readonly extraLoadResponses?: readonly MessagePayloadInit<'functionLoadResponse'>[];
  /** More functions to index; their invocations are answered Success with no output. */
  readonly extraFunctions?: readonly ExtraKitFunction[];
  /**
   * HTTP streaming: advertise this server as `HttpUri` (with `RequiresRouteParameters`) and answer each HTTP
   * invocation there, then over gRPC with Success and no return value.
   */
  readonly httpStream?: StreamServer;
}

/** The Node.js capability set, which every HTTP scenario's expectations are written for by default. */
export const NODE_CAPABILITIES: Readonly<Record<string, string>> = capabilityMap(NODE_WORKER_CAPABILITIES);

/** Answers an HTTP invocation with an RpcHttp response. */
export function answerHttp(
  worker: FakeWorker,
  request: InvocationRequest,
  status = 201,
  body = 'kit',
  headers: Record<string, string> = { 'x-kit': 'yes' },
): void {
  worker.send('invocationResponse', {
    invocationId: request.invocationId,
    result: successResult(),
    returnValue: {
      data: {
        case: 'http',
        value: {
          statusCode: String(status),
          headers,
          body: { data: { case: 'bytes', value: Buffer.from(body) } },
        },
      },
    },
  });
}

/**
 * Plays a correct worker on `worker` unless `behaviour` says otherwise: StartStream first, then init,
 * worker indexing, loads (single or collection), invocations, status, environment reload and terminate.
 */
export function autopilot(worker: FakeWorker, behaviour: WorkerBehaviour = {}): void {
  const ready = capabilitiesOf(behaviour);
  const requestId = worker.flag('--functions-request-id') ?? worker.flag('--requestId') ?? '';
  worker.send('startStream', { workerId: worker.workerId }, requestId);
  worker.onMessage((message) => {
    const { content } = message;
    switch (content.case) {
      case 'workerInitRequest':
        return void ready.then((capabilities) =>
          worker.send('workerInitResponse', {
            capabilities,
            result: successResult(),
            workerMetadata: { runtimeName: 'fnrpckit', runtimeVersion: '1.0', workerVersion: '1.0.0' },
          }),
        );
      case 'functionsMetadataRequest':
        return worker.send('functionMetadataResponse', {
          result: successResult(),
          functionMetadataResults: [
            ...HOST_KIT_FUNCTIONS.map(httpFunction),
            ...(behaviour.extraFunctions ?? []),
          ].map((fn) => ({
            name: fn.name,
            functionId: kitFunctionId(fn.name),
            directory: content.value.functionAppDirectory,
            scriptFile: 'functions.kit',
            language: 'fnrpckit',
            rawBindings: fn.bindings.map((binding) => JSON.stringify(binding)),
          })),
        });
      case 'functionLoadRequest':
        worker.send('functionLoadResponse', {
          functionId: content.value.functionId,
          result: successResult(),
        });
        for (const extra of behaviour.extraLoadResponses ?? []) worker.send('functionLoadResponse', extra);
        return;
      case 'functionLoadRequestCollection':
        return worker.send('functionLoadResponseCollection', {
          functionLoadResponses: content.value.functionLoadRequests.map((load) => ({
            functionId: load.functionId,
            result: successResult(),
          })),
        });
      case 'invocationRequest':
        return (behaviour.onInvocation ?? answerCorrectly(behaviour))(content.value, worker);
      case 'workerStatusRequest':
        if (behaviour.answerStatus !== false) worker.send('workerStatusResponse', {}, message.requestId);
        return;
      case 'functionEnvironmentReloadRequest':
        return void ready.then((capabilities) =>
          worker.send('functionEnvironmentReloadResponse', { capabilities, result: successResult() }),
        );
      case 'workerTerminate':
        if (behaviour.obeyTerminate !== false) worker.exit(0);
        return;
      default:
        return;
    }
  });
}

/** The capabilities the behaviour advertises, with its streaming server's address once it listens. */
async function capabilitiesOf(behaviour: WorkerBehaviour): Promise<Readonly<Record<string, string>>> {
  const capabilities = behaviour.capabilities ?? NODE_CAPABILITIES;
  if (!behaviour.httpStream) return capabilities;
  return {
    ...capabilities,
    [Capability.HttpUri]: await behaviour.httpStream.uri(),
    [Capability.RequiresRouteParameters]: 'true',
  };
}

/** An anonymous HTTP function answering through `$return`. */
function httpFunction(fn: (typeof HOST_KIT_FUNCTIONS)[number]): ExtraKitFunction {
  return {
    name: fn.name,
    bindings: [
      {
        name: 'req',
        type: 'httpTrigger',
        direction: 'in',
        authLevel: 'anonymous',
        methods: ['get', 'post'],
        route: fn.route,
      },
      { name: '$return', type: 'http', direction: 'out' },
    ],
  };
}

/**
 * How a correct worker answers: an HTTP function with the kit's reply (over its own server when streaming), any
 * other function with Success.
 */
function answerCorrectly(
  behaviour: WorkerBehaviour,
): (request: InvocationRequest, worker: FakeWorker) => void {
  const http = new Set(HOST_KIT_FUNCTIONS.map((fn) => kitFunctionId(fn.name)));
  return (request, worker) => {
    if (!http.has(request.functionId)) return answerSuccess(worker, request);
    if (!behaviour.httpStream) return answerHttp(worker, request);
    void behaviour.httpStream.answer(request.invocationId, FORWARD_WAIT_MS).then((answered) =>
      answered
        ? answerSuccess(worker, request)
        : worker.send('invocationResponse', {
            invocationId: request.invocationId,
            result: failureResult(new Error('the host forwarded no HTTP request for this invocation')),
          }),
    );
  };
}

function answerSuccess(worker: FakeWorker, request: InvocationRequest): void {
  worker.send('invocationResponse', { invocationId: request.invocationId, result: successResult() });
}

/** The capability set with a few more names turned on. */
export function withCapabilities(...names: (keyof typeof Capability)[]): Record<string, string> {
  return { ...NODE_CAPABILITIES, ...capabilityMap(names.map((name) => Capability[name])) };
}
