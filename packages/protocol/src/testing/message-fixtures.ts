/**
 * One fully populated payload per `StreamingMessage` kind, for codec and compatibility tests. Every field of
 * every reachable message holds a non-default value somewhere, every TypedData member appears, and the
 * nullable wrappers also appear holding `""`, `0`, `false` and the epoch, which must survive as present.
 * `codec/streaming-message-codec.spec.ts` walks the descriptors to prove nothing reachable is left out.
 */
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { Capability } from '../capabilities.js';
import {
  BindingInfo_DataType,
  BindingInfo_Direction,
  FileChangeEventRequest_Type,
  FunctionEnvironmentReloadResponse_CapabilitiesUpdateStrategy,
  RpcDataType,
  RpcHttpCookie_SameSite,
  RpcLog_Level,
  RpcLog_RpcLogCategory,
  RpcRetryOptions_RetryStrategy,
  StatusResult_Status,
  StreamingMessageSchema,
  WorkerActionResponse_Action,
  type RpcExceptionSchema,
  type RpcFunctionMetadataSchema,
  type RpcHttpSchema,
  type RpcLogSchema,
  type StatusResultSchema,
  type TypedDataSchema,
  type WorkerMetadataSchema,
} from '../gen/FunctionRpc_pb.js';
import { type MessageKind, type MessagePayloadInit, type StreamingMessageOf } from '../message-kind.js';

type StreamingMessageInit = MessageInitShape<typeof StreamingMessageSchema>;
type TypedDataInit = MessageInitShape<typeof TypedDataSchema>;

const exception: MessageInitShape<typeof RpcExceptionSchema> = {
  source: 'HttpTrigger1',
  stackTrace: 'Error: boom\n    at handler (index.js:3:9)',
  message: 'boom',
  isUserException: true,
  type: 'TypeError',
};

const typedJson = (value: unknown): TypedDataInit => ({
  data: { case: 'json', value: JSON.stringify(value) },
});

const log: MessageInitShape<typeof RpcLogSchema> = {
  invocationId: '0f6a1c55-6d0b-4a43-9f5c-7d1d2c1c2a10',
  category: 'Function.HttpTrigger1.User',
  level: RpcLog_Level.Warning,
  message: 'disk almost full',
  eventId: 'DiskSpace',
  exception,
  properties: '{"region":"westeurope"}',
  logCategory: RpcLog_RpcLogCategory.CustomMetric,
  propertiesMap: {
    value: { data: { case: 'double', value: 98.5 } },
    unit: { data: { case: 'string', value: 'percent' } },
  },
};

const status: MessageInitShape<typeof StatusResultSchema> = {
  status: StatusResult_Status.Cancelled,
  result: 'partially done',
  exception,
  logs: [log, { ...log, level: RpcLog_Level.Critical, logCategory: RpcLog_RpcLogCategory.System }],
};

const workerMetadata: MessageInitShape<typeof WorkerMetadataSchema> = {
  runtimeName: 'node',
  runtimeVersion: '20.19.0',
  workerVersion: '3.10.1',
  workerBitness: 'x64',
  customProperties: { modelName: '@azure/functions', modelVersion: '4.7.0' },
};

const functionMetadata: MessageInitShape<typeof RpcFunctionMetadataSchema> = {
  name: 'HttpTrigger1',
  directory: '/home/site/wwwroot',
  scriptFile: 'dist/index.js',
  entryPoint: 'handler',
  bindings: {
    req: {
      type: 'httpTrigger',
      direction: BindingInfo_Direction.inout,
      dataType: BindingInfo_DataType.binary,
      properties: { authLevel: 'anonymous', route: 'items/{id}' },
    },
    $return: { type: 'http', direction: BindingInfo_Direction.out, dataType: BindingInfo_DataType.stream },
  },
  isProxy: true,
  status,
  language: 'node',
  rawBindings: ['{"type":"httpTrigger","direction":"in","name":"req"}', '{"type":"http","name":"$return"}'],
  functionId: 'f-0001',
  managedDependencyEnabled: true,
  retryOptions: {
    maxRetryCount: -1,
    delayInterval: { seconds: 10n, nanos: 250_000_000 },
    minimumInterval: { seconds: 1n, nanos: 1 },
    maximumInterval: { seconds: 900n, nanos: 999_999_999 },
    retryStrategy: RpcRetryOptions_RetryStrategy.fixed_delay,
  },
  properties: { worker_indexed: 'true', 'FunctionId.source': 'worker' },
};

const http: MessageInitShape<typeof RpcHttpSchema> = {
  method: 'POST',
  url: 'https://example.net/api/items/42?q=x&flag',
  headers: { 'content-type': 'application/json', 'x-ms-client': 'test' },
  body: { data: { case: 'bytes', value: new TextEncoder().encode('{"name":"widget"}') } },
  params: { id: '42' },
  statusCode: '201',
  query: { q: 'x', flag: '' },
  enableContentNegotiation: true,
  rawBody: { data: { case: 'string', value: '{"name":"widget"}' } },
  identities: [
    {
      authenticationType: { string: { case: 'value', value: 'AuthenticationTypes.Federation' } },
      nameClaimType: { string: { case: 'value', value: '' } },
      roleClaimType: { string: { case: 'value', value: 'roles' } },
      claims: [{ value: 'alice', type: 'name' }],
    },
  ],
  cookies: [
    {
      name: 'session',
      value: 'abc',
      domain: { string: { case: 'value', value: 'example.net' } },
      path: { string: { case: 'value', value: '/' } },
      expires: { timestamp: { case: 'value', value: { seconds: 1767225600n, nanos: 123_000_000 } } },
      secure: { bool: { case: 'value', value: true } },
      httpOnly: { bool: { case: 'value', value: true } },
      sameSite: RpcHttpCookie_SameSite.Strict,
      maxAge: { double: { case: 'value', value: 3600.5 } },
    },
    {
      name: 'defaults-present',
      value: '',
      domain: { string: { case: 'value', value: '' } },
      path: { string: { case: 'value', value: '' } },
      expires: { timestamp: { case: 'value', value: { seconds: 0n, nanos: 0 } } },
      secure: { bool: { case: 'value', value: false } },
      httpOnly: { bool: { case: 'value', value: false } },
      sameSite: RpcHttpCookie_SameSite.ExplicitNone,
      maxAge: { double: { case: 'value', value: 0 } },
    },
  ],
  nullableHeaders: {
    'content-type': { string: { case: 'value', value: 'application/json' } },
    'x-empty': { string: { case: 'value', value: '' } },
  },
  nullableParams: { id: { string: { case: 'value', value: '42' } } },
  nullableQuery: {
    q: { string: { case: 'value', value: 'x' } },
    flag: { string: { case: 'value', value: '' } },
  },
};

const modelBindingData = {
  version: '1.0',
  source: 'AzureStorageBlobs',
  contentType: 'application/json',
  content: new TextEncoder().encode('{"Connection":"Storage","ContainerName":"in","BlobName":"a.txt"}'),
};

/** One input binding per TypedData member, and one through shared memory. */
const inputData: MessagePayloadInit<'invocationRequest'>['inputData'] = [
  { name: 'req', rpcData: { case: 'data', value: { data: { case: 'http', value: http } } } },
  { name: 'string', rpcData: { case: 'data', value: { data: { case: 'string', value: 'héllo' } } } },
  { name: 'json', rpcData: { case: 'data', value: typedJson({ a: [1, 2, { b: null }] }) } },
  {
    name: 'bytes',
    rpcData: { case: 'data', value: { data: { case: 'bytes', value: new Uint8Array([0, 1, 255]) } } },
  },
  {
    name: 'stream',
    rpcData: { case: 'data', value: { data: { case: 'stream', value: new Uint8Array([9, 8, 7]) } } },
  },
  { name: 'int', rpcData: { case: 'data', value: { data: { case: 'int', value: -(2n ** 63n) } } } },
  { name: 'double', rpcData: { case: 'data', value: { data: { case: 'double', value: -1.5e-300 } } } },
  {
    name: 'collectionBytes',
    rpcData: {
      case: 'data',
      value: { data: { case: 'collectionBytes', value: { bytes: [new Uint8Array([1]), new Uint8Array()] } } },
    },
  },
  {
    name: 'collectionString',
    rpcData: {
      case: 'data',
      value: { data: { case: 'collectionString', value: { string: ['a', '', 'ü'] } } },
    },
  },
  {
    name: 'collectionDouble',
    rpcData: {
      case: 'data',
      value: { data: { case: 'collectionDouble', value: { double: [0, -0.25, 1e308] } } },
    },
  },
  {
    name: 'collectionSint64',
    rpcData: {
      case: 'data',
      value: {
        data: { case: 'collectionSint64', value: { sint64: [0n, -1n, 2n ** 63n - 1n, -(2n ** 63n)] } },
      },
    },
  },
  {
    name: 'modelBindingData',
    rpcData: { case: 'data', value: { data: { case: 'modelBindingData', value: modelBindingData } } },
  },
  {
    name: 'collectionModelBindingData',
    rpcData: {
      case: 'data',
      value: {
        data: {
          case: 'collectionModelBindingData',
          value: { modelBindingData: [modelBindingData, { ...modelBindingData, version: '2.0' }] },
        },
      },
    },
  },
  {
    name: 'sharedMemory',
    rpcData: {
      case: 'rpcSharedMemory',
      value: {
        name: 'AzureFunctions-1234',
        offset: 2n ** 40n,
        count: 65_536n,
        type: RpcDataType.collection_sint64,
      },
    },
  },
];

/** The full payload of every kind, keyed by kind. */
const messageFixtures: { readonly [K in MessageKind]: MessagePayloadInit<K> } = {
  startStream: { workerId: '6b7c3a62-6a3b-4f0e-9a56-5b0a3f3f8a11' },
  workerInitRequest: {
    hostVersion: '4.1040.100.0',
    capabilities: {
      [Capability.RpcHttpTriggerMetadataRemoved]: 'true',
      [Capability.HandlesInvocationCancelMessage]: 'true',
    },
    logCategories: { 'Function.HttpTrigger1': RpcLog_Level.Debug, Host: RpcLog_Level.None },
    workerDirectory: '/azure-functions-host/workers/node',
    functionAppDirectory: '/home/site/wwwroot',
  },
  workerInitResponse: {
    workerVersion: '3.10.1',
    capabilities: { [Capability.RpcHttpBodyOnly]: 'true', [Capability.WorkerStatus]: 'true' },
    result: status,
    workerMetadata,
  },
  workerHeartbeat: {},
  workerTerminate: { gracePeriod: { seconds: 5n, nanos: 500_000_000 } },
  workerStatusRequest: {},
  workerStatusResponse: {},
  fileChangeEventRequest: {
    type: FileChangeEventRequest_Type.Renamed,
    fullPath: '/home/site/wwwroot/host.json',
    name: 'host.json',
  },
  workerActionResponse: { action: WorkerActionResponse_Action.Reload, reason: 'host.json changed' },
  functionLoadRequest: { functionId: 'f-0001', metadata: functionMetadata, managedDependencyEnabled: true },
  functionLoadResponse: { functionId: 'f-0001', result: status, isDependencyDownloaded: true },
  invocationRequest: {
    invocationId: '0f6a1c55-6d0b-4a43-9f5c-7d1d2c1c2a10',
    functionId: 'f-0001',
    inputData,
    triggerMetadata: {
      Headers: typedJson({ 'content-type': 'application/json' }),
      Query: typedJson({ q: 'x' }),
      sys: typedJson({ MethodName: 'HttpTrigger1', UtcNow: '2026-01-01T00:00:00Z', RandGuid: 'x' }),
    },
    traceContext: {
      traceParent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      traceState: 'rojo=00f067aa0ba902b7',
      attributes: { OperationName: 'HttpTrigger1' },
      baggage: { tenant: 'contoso', region: '' },
    },
    retryContext: { retryCount: 2, maxRetryCount: 5, exception },
  },
  invocationResponse: {
    invocationId: '0f6a1c55-6d0b-4a43-9f5c-7d1d2c1c2a10',
    outputData: [
      {
        name: 'res',
        rpcData: { case: 'data', value: { data: { case: 'http', value: { ...http, statusCode: '200' } } } },
      },
    ],
    returnValue: typedJson({ ok: true }),
    result: status,
    traceContextAttributes: { 'http.status_code': '200', 'custom.tag': 'x' },
  },
  invocationCancel: {
    invocationId: '0f6a1c55-6d0b-4a43-9f5c-7d1d2c1c2a10',
    gracePeriod: { seconds: 1n, nanos: 5 },
  },
  rpcLog: log,
  functionEnvironmentReloadRequest: {
    environmentVariables: { FUNCTIONS_WORKER_RUNTIME: 'node', EMPTY: '' },
    functionAppDirectory: '/home/site/wwwroot',
  },
  functionEnvironmentReloadResponse: {
    workerMetadata,
    capabilities: { [Capability.WorkerStatus]: 'true' },
    result: status,
    capabilitiesUpdateStrategy: FunctionEnvironmentReloadResponse_CapabilitiesUpdateStrategy.replace,
  },
  closeSharedMemoryResourcesRequest: { mapNames: ['AzureFunctions-1', 'AzureFunctions-2'] },
  closeSharedMemoryResourcesResponse: {
    closeMapResults: { 'AzureFunctions-1': true, 'AzureFunctions-2': false },
  },
  functionsMetadataRequest: { functionAppDirectory: '/home/site/wwwroot' },
  functionMetadataResponse: {
    functionMetadataResults: [
      functionMetadata,
      { ...functionMetadata, name: 'Timer1', functionId: 'f-0002' },
    ],
    result: status,
    useDefaultMetadataIndexing: true,
  },
  functionLoadRequestCollection: {
    functionLoadRequests: [
      { functionId: 'f-0001', metadata: functionMetadata, managedDependencyEnabled: true },
    ],
  },
  functionLoadResponseCollection: {
    functionLoadResponses: [{ functionId: 'f-0001', result: status, isDependencyDownloaded: true }],
  },
  workerWarmupRequest: { workerDirectory: '/azure-functions-host/workers/node' },
  workerWarmupResponse: { result: status },
};

/** Every kind that has a fixture, in declaration order. */
export const fixtureKinds = Object.keys(messageFixtures) as MessageKind[];

/** A fresh `StreamingMessage` of the given kind built from its fixture, with a request id naming the kind. */
export function fixtureMessage<K extends MessageKind>(kind: K): StreamingMessageOf<K> {
  const content = { case: kind, value: messageFixtures[kind] } as StreamingMessageInit['content'];
  return create(StreamingMessageSchema, { requestId: `request-${kind}`, content }) as StreamingMessageOf<K>;
}
