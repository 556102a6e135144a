import { randomUUID } from 'node:crypto';
import {
  Capability,
  hasCapability,
  type CapabilityName,
  type MessagePayloadInit,
  type RpcFunctionMetadata,
} from '@functions-rpc/protocol';

type InvocationRequestInit = MessagePayloadInit<'invocationRequest'>;
type TypedDataInit = NonNullable<NonNullable<InvocationRequestInit['triggerMetadata']>[string]>;
/** RpcHttp as `create()` accepts it. */
export type RpcHttpInit = Extract<NonNullable<TypedDataInit['data']>, { case: 'http' }>['value'];

/** An HTTP request as a client sent it to the host. */
export interface HttpRequestInit {
  readonly method?: string;
  /** Absolute URL, such as `http://localhost:7071/api/echo/books/7?x=1`. */
  readonly url: string;
  /** Header names as sent; several values of one header are joined with `,` as the host does. */
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
  readonly body?: string | Uint8Array;
  /** Route parameters the host matched. */
  readonly params?: Readonly<Record<string, string>>;
}

/** The worker capabilities that change how the reference host builds RpcHttp (section 6.2). */
export interface HttpCapabilities {
  readonly useNullableValueDictionaryForHttp: boolean;
  readonly rpcHttpBodyOnly: boolean;
  readonly rawHttpBodyBytes: boolean;
  readonly ignoreEmptyValuedRpcHttpHeaders: boolean;
  readonly rpcHttpTriggerMetadataRemoved: boolean;
}

/** What a Node.js worker advertises: nullable maps, body only, body as bytes, no request in metadata. */
export const NODE_HTTP_CAPABILITIES: HttpCapabilities = {
  useNullableValueDictionaryForHttp: true,
  rpcHttpBodyOnly: true,
  rawHttpBodyBytes: true,
  ignoreEmptyValuedRpcHttpHeaders: true,
  rpcHttpTriggerMetadataRemoved: true,
};

/** Reads the HTTP-relevant capabilities out of a WorkerInitResponse's capability map. */
export function httpCapabilitiesOf(capabilities: Readonly<Record<string, string>>): HttpCapabilities {
  const on = (name: CapabilityName): boolean => hasCapability(capabilities, name);
  return {
    useNullableValueDictionaryForHttp: on(Capability.UseNullableValueDictionaryForHttp),
    rpcHttpBodyOnly: on(Capability.RpcHttpBodyOnly),
    rawHttpBodyBytes: on(Capability.RawHttpBodyBytes),
    ignoreEmptyValuedRpcHttpHeaders: on(Capability.IgnoreEmptyValuedRpcHttpHeaders),
    rpcHttpTriggerMetadataRemoved: on(Capability.RpcHttpTriggerMetadataRemoved),
  };
}

/**
 * Builds the RpcHttp the reference host sends for a request: header names lower-cased and values joined
 * with `,`, the query with each key once, nullable maps or plain maps per capability, and the body
 * (only when there is one) as bytes or text per capability.
 */
export function rpcHttp(request: HttpRequestInit, capabilities = NODE_HTTP_CAPABILITIES): RpcHttpInit {
  const url = new URL(request.url);
  const headers = joinedHeaders(request.headers ?? {});
  const query = joinedQuery(url);
  const params = { ...(request.params ?? {}) };
  const http: RpcHttpInit = { method: request.method ?? 'GET', url: url.href };
  if (capabilities.useNullableValueDictionaryForHttp) {
    http.nullableHeaders = nullableMap(headers);
    http.nullableQuery = nullableMap(query);
    http.nullableParams = nullableMap(params);
  } else {
    http.headers = capabilities.ignoreEmptyValuedRpcHttpHeaders ? withoutEmpty(headers) : headers;
    http.query = withoutEmpty(query);
    http.params = params;
  }
  const body = bodyBytes(request.body);
  if (body.byteLength > 0)
    Object.assign(http, bodyMembers(body, headers['content-type'] ?? '', capabilities));
  return http;
}

/** Trigger metadata the host sends with an HTTP trigger: Query, Headers, query and route values. */
export function httpTriggerMetadata(
  request: HttpRequestInit,
  triggerName: string,
  capabilities = NODE_HTTP_CAPABILITIES,
): Record<string, TypedDataInit> {
  const url = new URL(request.url);
  const metadata: Record<string, TypedDataInit> = {};
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) query[key] = value;
  metadata.Query = { data: { case: 'json', value: JSON.stringify(query) } };
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    headers[name] = typeof value === 'string' ? value : value.join(',');
  }
  metadata.Headers = { data: { case: 'json', value: JSON.stringify(headers) } };
  for (const [key, value] of Object.entries(query)) {
    if (key !== 'code') metadata[key] = { data: { case: 'string', value } };
  }
  for (const [key, value] of Object.entries(request.params ?? {})) {
    metadata[key] = { data: { case: 'string', value } };
  }
  if (!capabilities.rpcHttpTriggerMetadataRemoved) {
    const http = rpcHttp(request, capabilities);
    metadata[triggerName] = { data: { case: 'http', value: http } };
    metadata.$request = { data: { case: 'http', value: http } };
  }
  return metadata;
}

/** The name of a function's trigger binding, read from its metadata (raw bindings or bindings). */
export function triggerBindingName(metadata: Pick<RpcFunctionMetadata, 'rawBindings' | 'bindings'>): string {
  for (const raw of metadata.rawBindings) {
    const binding = JSON.parse(raw) as { name?: string; type?: string; direction?: string };
    if (binding.name && /trigger$/i.test(binding.type ?? '') && binding.direction !== 'out')
      return binding.name;
  }
  for (const [name, binding] of Object.entries(metadata.bindings)) {
    if (/trigger$/i.test(binding.type)) return name;
  }
  throw new Error('The function has no trigger binding.');
}

/** A complete InvocationRequest for an HTTP-triggered function, built as the reference host would. */
export function httpInvocationRequest(
  fn: Pick<RpcFunctionMetadata, 'functionId' | 'rawBindings' | 'bindings'>,
  request: HttpRequestInit,
  capabilities = NODE_HTTP_CAPABILITIES,
): InvocationRequestInit {
  const triggerName = triggerBindingName(fn);
  return {
    invocationId: randomUUID(),
    functionId: fn.functionId,
    inputData: [
      {
        name: triggerName,
        rpcData: { case: 'data', value: { data: { case: 'http', value: rpcHttp(request, capabilities) } } },
      },
    ],
    triggerMetadata: httpTriggerMetadata(request, triggerName, capabilities),
  };
}

function joinedHeaders(
  headers: Readonly<Record<string, string | readonly string[]>>,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    const joined = typeof value === 'string' ? value : value.join(',');
    result[key] = key in result ? `${result[key]},${joined}` : joined;
  }
  return result;
}

function joinedQuery(url: URL): Record<string, string> {
  const result: Record<string, string> = {};
  for (const key of new Set(url.searchParams.keys())) result[key] = url.searchParams.getAll(key).join(',');
  return result;
}

function nullableMap(map: Record<string, string>) {
  const result: Record<string, { string: { case: 'value'; value: string } }> = {};
  for (const [key, value] of Object.entries(map)) result[key] = { string: { case: 'value', value } };
  return result;
}

function withoutEmpty(map: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).filter(([, value]) => value !== ''));
}

function bodyBytes(body: string | Uint8Array | undefined): Uint8Array {
  if (body === undefined) return new Uint8Array();
  return typeof body === 'string' ? new TextEncoder().encode(body) : body;
}

function bodyMembers(
  body: Uint8Array,
  contentType: string,
  capabilities: HttpCapabilities,
): Partial<RpcHttpInit> {
  const binary = /application\/octet-stream|multipart\//i.test(contentType);
  const text = new TextDecoder().decode(body);
  if (capabilities.rpcHttpBodyOnly) {
    return binary || capabilities.rawHttpBodyBytes
      ? { body: { data: { case: 'bytes', value: body } } }
      : { body: { data: { case: 'string', value: text } } };
  }
  const rawBody: TypedDataInit = capabilities.rawHttpBodyBytes
    ? { data: { case: 'bytes', value: body } }
    : { data: { case: 'string', value: text } };
  if (binary) return { body: { data: { case: 'bytes', value: body } }, rawBody };
  if (/application\/json/i.test(contentType)) {
    try {
      const parsed: unknown = JSON.parse(text);
      const member: TypedDataInit =
        typeof parsed === 'string'
          ? { data: { case: 'string', value: parsed } }
          : { data: { case: 'json', value: JSON.stringify(parsed) } };
      return { body: member, rawBody };
    } catch {
      return { body: { data: { case: 'string', value: text } }, rawBody };
    }
  }
  return { body: { data: { case: 'string', value: text } }, rawBody };
}
