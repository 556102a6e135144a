import {
  nullableBool,
  nullableDouble,
  nullableString,
  type MessagePayloadInit,
} from '@functions-rpc/protocol';
import type { FunctionMetadataInit } from '../app/app-state.js';
import { WorkerSystemError } from '../errors.js';
import {
  bindingDataTypes,
  bindingDirections,
  retryStrategies,
  sameSites,
  statuses,
} from './enum-mappings.js';
import type {
  CoreDuration,
  CoreFunctionRegistration,
  CoreHttp,
  CoreHttpCookie,
  CoreInt64,
  CoreInvocationResponse,
  CoreModelBindingData,
  CoreNullable,
  CoreRetryOptions,
  CoreStatusResult,
  CoreTypedData,
} from './types.js';

type InvocationResponseInit = MessagePayloadInit<'invocationResponse'>;
type TypedDataInit = NonNullable<InvocationResponseInit['returnValue']>;
type ParameterBindingInit = NonNullable<InvocationResponseInit['outputData']>[number];
type StatusResultInit = NonNullable<InvocationResponseInit['result']>;
type HttpInit = Extract<NonNullable<TypedDataInit['data']>, { case: 'http' }>['value'];
type CookieInit = NonNullable<HttpInit['cookies']>[number];
type RetryOptionsInit = NonNullable<FunctionMetadataInit['retryOptions']>;
type BindingInfoInit = NonNullable<FunctionMetadataInit['bindings']>[string];
type ModelBindingDataInit = Extract<
  NonNullable<TypedDataInit['data']>,
  { case: 'modelBindingData' }
>['value'];

/**
 * Converts a programming model's InvocationResponse to the protobuf shape. Outputs without data are
 * left out, since the host rejects an output binding that carries nothing.
 */
export function fromCoreInvocationResponse(response: CoreInvocationResponse): InvocationResponseInit {
  const outputData: ParameterBindingInit[] = [];
  for (const binding of response.outputData ?? []) {
    const data = fromCoreTypedData(binding.data);
    if (data) outputData.push({ name: binding.name ?? '', rpcData: { case: 'data', value: data } });
  }
  return {
    invocationId: response.invocationId ?? '',
    outputData,
    returnValue: fromCoreTypedData(response.returnValue),
    result: response.result ? fromCoreStatusResult(response.result) : undefined,
  };
}

/** Converts TypedData; the first member set wins. Null and undefined give no TypedData. */
function fromCoreTypedData(data: CoreTypedData | null | undefined): TypedDataInit | undefined {
  if (data === null || data === undefined) return undefined;
  if (isSet(data.string)) return { data: { case: 'string', value: data.string } };
  if (isSet(data.json)) return { data: { case: 'json', value: data.json } };
  if (isSet(data.bytes)) return { data: { case: 'bytes', value: data.bytes } };
  if (isSet(data.stream)) return { data: { case: 'stream', value: data.stream } };
  if (isSet(data.http)) return { data: { case: 'http', value: fromCoreHttp(data.http) } };
  if (isSet(data.int)) return { data: { case: 'int', value: fromCoreInt(data.int) } };
  if (isSet(data.double)) return { data: { case: 'double', value: data.double } };
  return fromCoreCollection(data) ?? {};
}

function fromCoreCollection(data: CoreTypedData): TypedDataInit | undefined {
  if (isSet(data.collectionBytes?.bytes)) {
    return { data: { case: 'collectionBytes', value: { bytes: data.collectionBytes.bytes } } };
  }
  if (isSet(data.collectionString?.string)) {
    return { data: { case: 'collectionString', value: { string: data.collectionString.string } } };
  }
  if (isSet(data.collectionDouble?.double)) {
    return { data: { case: 'collectionDouble', value: { double: data.collectionDouble.double } } };
  }
  if (isSet(data.collectionSint64?.sint64)) {
    const sint64 = data.collectionSint64.sint64.map(fromCoreInt);
    return { data: { case: 'collectionSint64', value: { sint64 } } };
  }
  if (isSet(data.modelBindingData)) {
    return { data: { case: 'modelBindingData', value: fromCoreModelBindingData(data.modelBindingData) } };
  }
  const collection = data.collectionModelBindingData?.modelBindingData;
  if (isSet(collection)) {
    const value = { modelBindingData: collection.map(fromCoreModelBindingData) };
    return { data: { case: 'collectionModelBindingData', value } };
  }
  return undefined;
}

/** Converts RpcHttp (a response, usually); `{ value }` wrappers become nullable messages. */
function fromCoreHttp(http: CoreHttp): HttpInit {
  // Only what is set: every empty map or absent member would cost the encoder work for nothing.
  const result: HttpInit = {};
  if (http.method) result.method = http.method;
  if (http.url) result.url = http.url;
  if (http.statusCode) result.statusCode = http.statusCode;
  if (http.enableContentNegotiation) result.enableContentNegotiation = true;
  if (hasKeys(http.headers)) result.headers = http.headers;
  if (hasKeys(http.params)) result.params = http.params;
  if (hasKeys(http.query)) result.query = http.query;
  if (isSet(http.body)) result.body = fromCoreTypedData(http.body);
  if (isSet(http.rawBody)) result.rawBody = fromCoreTypedData(http.rawBody);
  if (http.cookies && http.cookies.length > 0) result.cookies = http.cookies.map(fromCoreCookie);
  if (hasKeys(http.nullableHeaders)) result.nullableHeaders = fromCoreNullableMap(http.nullableHeaders);
  if (hasKeys(http.nullableParams)) result.nullableParams = fromCoreNullableMap(http.nullableParams);
  if (hasKeys(http.nullableQuery)) result.nullableQuery = fromCoreNullableMap(http.nullableQuery);
  return result;
}

function hasKeys<T extends object>(record: T | null | undefined): record is T {
  if (!record) return false;
  for (const key in record) if (Object.hasOwn(record, key)) return true;
  return false;
}

function fromCoreCookie(cookie: CoreHttpCookie): CookieInit {
  const expires = cookie.expires?.value;
  return {
    name: cookie.name ?? '',
    value: cookie.value ?? '',
    domain: nullableString(cookie.domain?.value),
    path: nullableString(cookie.path?.value),
    expires: isSet(expires)
      ? {
          timestamp: {
            case: 'value',
            value: { seconds: fromCoreInt(expires.seconds ?? 0), nanos: expires.nanos ?? 0 },
          },
        }
      : undefined,
    secure: nullableBool(cookie.secure?.value),
    httpOnly: nullableBool(cookie.httpOnly?.value),
    sameSite: sameSites.toProto(cookie.sameSite),
    maxAge: nullableDouble(cookie.maxAge?.value),
  };
}

/** Converts a StatusResult. */
function fromCoreStatusResult(result: CoreStatusResult): StatusResultInit {
  const exception = result.exception;
  return {
    status: statuses.toProto(result.status),
    result: result.result ?? '',
    exception: exception
      ? {
          message: exception.message ?? '',
          stackTrace: exception.stackTrace ?? '',
          source: exception.source ?? '',
          type: exception.type ?? '',
          isUserException: exception.isUserException ?? false,
        }
      : undefined,
  };
}

/**
 * RpcFunctionMetadata for a function registered through `registerFunction`: enums as numbers, and the
 * raw bindings the host actually reads (each binding's JSON, extension properties included).
 */
export function fromCoreFunctionRegistration(
  registration: CoreFunctionRegistration,
  functionId: string,
  location: { scriptFile: string; directory: string },
): FunctionMetadataInit {
  const bindings: Record<string, BindingInfoInit> = {};
  const rawBindings: string[] = [];
  for (const [name, binding] of Object.entries(registration.bindings)) {
    bindings[name] = {
      type: binding.type ?? '',
      direction: bindingDirections.toProto(binding.direction),
      dataType: bindingDataTypes.toProto(binding.dataType),
      properties: stringProperties(binding.properties),
    };
    rawBindings.push(JSON.stringify({ ...binding, name }));
  }
  return {
    name: registration.name,
    functionId,
    bindings,
    rawBindings,
    scriptFile: location.scriptFile,
    directory: location.directory,
    language: 'node',
    retryOptions: registration.retryOptions ? fromCoreRetryOptions(registration.retryOptions) : undefined,
  };
}

/** BindingInfo.properties is a string map; the v4 library puts flags such as supportsDeferredBinding there. */
function stringProperties(properties: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (typeof properties !== 'object' || properties === null) return result;
  for (const [key, value] of Object.entries(properties)) {
    if (value !== undefined && value !== null) result[key] = String(value);
  }
  return result;
}

function fromCoreRetryOptions(options: CoreRetryOptions): RetryOptionsInit {
  return {
    maxRetryCount: options.maxRetryCount ?? 0,
    delayInterval: fromCoreDuration(options.delayInterval),
    minimumInterval: fromCoreDuration(options.minimumInterval),
    maximumInterval: fromCoreDuration(options.maximumInterval),
    retryStrategy: retryStrategies.toProto(options.retryStrategy),
  };
}

function fromCoreDuration(
  duration: CoreDuration | null | undefined,
): { seconds: bigint; nanos: number } | undefined {
  return duration ? { seconds: fromCoreInt(duration.seconds ?? 0), nanos: duration.nanos ?? 0 } : undefined;
}

function fromCoreModelBindingData(data: CoreModelBindingData): ModelBindingDataInit {
  return {
    version: data.version ?? '',
    source: data.source ?? '',
    contentType: data.contentType ?? '',
    content: data.content ?? new Uint8Array(),
  };
}

function fromCoreNullableMap(map: Record<string, CoreNullable<string>> | null | undefined) {
  const result: Record<string, { string: { case: 'value'; value: string } | { case: undefined } }> = {};
  for (const key in map ?? {}) {
    const value = map?.[key]?.value;
    result[key] = { string: isSet(value) ? { case: 'value', value } : { case: undefined } };
  }
  return result;
}

/** A 64-bit integer from a number, bigint or Long-like object. */
function fromCoreInt(value: CoreInt64): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new WorkerSystemError(`Cannot send ${value} as a 64-bit integer.`);
    return BigInt(Math.trunc(value));
  }
  return BigInt(value.toString());
}

function isSet<T>(value: T | null | undefined): value is T {
  return value !== null && value !== undefined;
}
