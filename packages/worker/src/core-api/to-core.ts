import { safeNumber } from '@functions-rpc/protocol';
import type {
  InvocationRequest,
  ModelBindingData,
  NullableString,
  RpcClaimsIdentity,
  RpcException,
  RpcFunctionMetadata,
  RpcHttp,
  RpcRetryOptions,
  TypedData,
} from '@functions-rpc/protocol';
import { bindingDataTypes, bindingDirections, retryStrategies } from './enum-mappings.js';
import type {
  CoreBindingInfo,
  CoreClaimsIdentity,
  CoreDuration,
  CoreException,
  CoreFunctionMetadata,
  CoreHttp,
  CoreInvocationRequest,
  CoreModelBindingData,
  CoreNullable,
  CoreTypedData,
} from './types.js';

// Shared, frozen: request cookies never arrive in RpcHttp, identities and nullable maps are often empty,
// and programming models only read these, so one instance each saves allocations on every HTTP call.
const NO_COOKIES: CoreHttp['cookies'] = Object.freeze([]) as unknown as CoreHttp['cookies'];
const NO_IDENTITIES: CoreHttp['identities'] = Object.freeze([]) as unknown as CoreHttp['identities'];
const NO_NULLABLES: Record<string, CoreNullable<string>> = Object.freeze({});

/** Converts an InvocationRequest to the shape the core API hands programming models. */
export function toCoreInvocationRequest(request: InvocationRequest): CoreInvocationRequest {
  const trace = request.traceContext;
  const retry = request.retryContext;
  return {
    invocationId: request.invocationId,
    functionId: request.functionId,
    inputData: request.inputData.map((binding) => ({
      name: binding.name,
      data: binding.rpcData.case === 'data' ? toCoreTypedData(binding.rpcData.value) : undefined,
    })),
    triggerMetadata: mapValues(request.triggerMetadata, (data) => toCoreTypedData(data) ?? {}),
    traceContext: trace && {
      traceParent: trace.traceParent,
      traceState: trace.traceState,
      attributes: trace.attributes,
    },
    retryContext: retry && {
      retryCount: retry.retryCount,
      maxRetryCount: retry.maxRetryCount,
      exception: toCoreException(retry.exception),
    },
  };
}

/** Converts TypedData: the set member only; bytes as Buffers (views, no copy); int64 as numbers when safe. */
function toCoreTypedData(data: TypedData | undefined): CoreTypedData | undefined {
  if (!data) return undefined;
  const member = data.data;
  switch (member.case) {
    case undefined:
      return {};
    case 'string':
      return { string: member.value };
    case 'json':
      return { json: member.value };
    case 'bytes':
      return { bytes: asBuffer(member.value) };
    case 'stream':
      return { stream: asBuffer(member.value) };
    case 'http':
      return { http: toCoreHttp(member.value) };
    case 'int':
      return { int: safeNumber(member.value) };
    case 'double':
      return { double: member.value };
    case 'collectionBytes':
      return { collectionBytes: { bytes: member.value.bytes.map(asBuffer) } };
    case 'collectionString':
      return { collectionString: { string: member.value.string } };
    case 'collectionDouble':
      return { collectionDouble: { double: member.value.double } };
    case 'collectionSint64':
      return { collectionSint64: { sint64: member.value.sint64.map(safeNumber) } };
    case 'modelBindingData':
      return { modelBindingData: toCoreModelBindingData(member.value) };
    case 'collectionModelBindingData':
      return {
        collectionModelBindingData: {
          modelBindingData: member.value.modelBindingData.map(toCoreModelBindingData),
        },
      };
  }
}

/** Converts RpcHttp; nullable maps become `{ value }` objects. */
function toCoreHttp(http: RpcHttp): CoreHttp {
  return {
    method: http.method,
    url: http.url,
    headers: http.headers,
    body: toCoreTypedData(http.body),
    params: http.params,
    statusCode: http.statusCode,
    query: http.query,
    enableContentNegotiation: http.enableContentNegotiation,
    rawBody: toCoreTypedData(http.rawBody),
    identities: http.identities.length > 0 ? http.identities.map(toCoreIdentity) : NO_IDENTITIES,
    cookies: NO_COOKIES,
    nullableHeaders: toCoreNullableMap(http.nullableHeaders),
    nullableParams: toCoreNullableMap(http.nullableParams),
    nullableQuery: toCoreNullableMap(http.nullableQuery),
  };
}

/** Converts RpcFunctionMetadata (from a load request) to the core shape, enums as strings. */
export function toCoreFunctionMetadata(metadata: RpcFunctionMetadata): CoreFunctionMetadata {
  return {
    name: metadata.name,
    directory: metadata.directory,
    scriptFile: metadata.scriptFile,
    entryPoint: metadata.entryPoint,
    bindings: mapValues(metadata.bindings, (binding): CoreBindingInfo => ({
      type: binding.type,
      direction: bindingDirections.toCore(binding.direction),
      dataType: bindingDataTypes.toCore(binding.dataType),
    })),
    isProxy: metadata.isProxy,
    language: metadata.language,
    rawBindings: metadata.rawBindings,
    functionId: metadata.functionId,
    retryOptions: metadata.retryOptions && {
      maxRetryCount: metadata.retryOptions.maxRetryCount,
      delayInterval: toCoreDuration(metadata.retryOptions.delayInterval),
      minimumInterval: toCoreDuration(metadata.retryOptions.minimumInterval),
      maximumInterval: toCoreDuration(metadata.retryOptions.maximumInterval),
      retryStrategy: retryStrategies.toCore(metadata.retryOptions.retryStrategy),
    },
    properties: metadata.properties,
  };
}

/** Converts an RpcException. */
function toCoreException(exception: RpcException | undefined): CoreException | undefined {
  return (
    exception && {
      source: exception.source,
      stackTrace: exception.stackTrace,
      message: exception.message,
      isUserException: exception.isUserException,
      type: exception.type,
    }
  );
}

type Duration = NonNullable<RpcRetryOptions['delayInterval']>;

function toCoreDuration(duration: Duration | undefined): CoreDuration | undefined {
  return duration && { seconds: safeNumber(duration.seconds), nanos: duration.nanos };
}

function toCoreModelBindingData(data: ModelBindingData): CoreModelBindingData {
  return {
    version: data.version,
    source: data.source,
    contentType: data.contentType,
    content: asBuffer(data.content),
  };
}

function toCoreIdentity(identity: RpcClaimsIdentity): CoreClaimsIdentity {
  return {
    authenticationType: toCoreNullable(identity.authenticationType),
    nameClaimType: toCoreNullable(identity.nameClaimType),
    roleClaimType: toCoreNullable(identity.roleClaimType),
    claims: identity.claims.map((claim) => ({ value: claim.value, type: claim.type })),
  };
}

function toCoreNullableMap(map: Record<string, NullableString>): Record<string, CoreNullable<string>> {
  let result: Record<string, CoreNullable<string>> | undefined;
  for (const key in map) {
    result ??= {};
    result[key] = { value: (map[key] as NullableString).string.value };
  }
  return result ?? NO_NULLABLES;
}

function toCoreNullable(value: NullableString | undefined): CoreNullable<string> | undefined {
  return value && { value: value.string.value };
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function mapValues<T, R>(record: Record<string, T>, convert: (value: T) => R): Record<string, R> {
  const result: Record<string, R> = {};
  for (const key in record) result[key] = convert(record[key] as T);
  return result;
}
