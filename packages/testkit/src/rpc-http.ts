import { randomBytes, randomUUID } from 'node:crypto';
import {
  capabilityMap,
  NODE_WORKER_CAPABILITIES,
  httpTriggerMetadata as triggerMetadataOf,
  parseJsonBody,
  readHeaderPairs,
  readQuery,
  rpcHttpShape,
  toRpcHttp,
  type HttpRequestData,
  type MessagePayloadInit,
  type RpcFunctionMetadata,
  type RpcHttp,
  type RpcHttpShape,
  type TypedData,
} from '@functions-rpc/protocol';

type InvocationRequestInit = MessagePayloadInit<'invocationRequest'>;

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

/** How a worker wants its HTTP requests, derived from its capabilities (the protocol package's shape). */
export type HttpCapabilities = RpcHttpShape;

/** What a Node.js worker advertises: nullable maps, body only, body as bytes, no request in metadata. */
export const NODE_HTTP_CAPABILITIES: HttpCapabilities = rpcHttpShape(capabilityMap(NODE_WORKER_CAPABILITIES));

/** Reads the HTTP-relevant capabilities out of a WorkerInitResponse's capability map. */
export function httpCapabilitiesOf(capabilities: Readonly<Record<string, string>>): HttpCapabilities {
  return rpcHttpShape(capabilities);
}

/** Builds the RpcHttp the host sends for a request, with the protocol package's `toRpcHttp`. */
export function rpcHttp(request: HttpRequestInit, capabilities = NODE_HTTP_CAPABILITIES): RpcHttp {
  const data = requestData(request);
  return toRpcHttp(data, capabilities, parseJsonBody(data));
}

/** Trigger metadata the host sends with an HTTP trigger, with the protocol package's `httpTriggerMetadata`. */
export function httpTriggerMetadata(
  request: HttpRequestInit,
  triggerName: string,
  capabilities = NODE_HTTP_CAPABILITIES,
): Record<string, TypedData> {
  const data = requestData(request);
  const json = parseJsonBody(data);
  const http = capabilities.triggerMetadataRemoved ? undefined : toRpcHttp(data, capabilities, json);
  return triggerMetadataOf(data, capabilities, triggerName, json, http);
}

/** What {@link triggerBindingName} reads of a function: its raw bindings, else its bindings map. */
export interface FunctionBindingsSource {
  readonly rawBindings: readonly string[];
  readonly bindings?: Readonly<Record<string, { readonly type: string }>>;
}

/** The name of a function's trigger binding, read from its metadata (raw bindings or bindings). */
export function triggerBindingName(metadata: FunctionBindingsSource): string {
  for (const raw of metadata.rawBindings) {
    const binding = JSON.parse(raw) as { name?: string; type?: string; direction?: string };
    if (binding.name && /trigger$/i.test(binding.type ?? '') && binding.direction !== 'out')
      return binding.name;
  }
  for (const [name, binding] of Object.entries(metadata.bindings ?? {})) {
    if (/trigger$/i.test(binding.type)) return name;
  }
  throw new Error('The function has no trigger binding.');
}

/** A complete InvocationRequest for an HTTP-triggered function, built as the reference host would. */
export function httpInvocationRequest(
  fn: FunctionBindingsSource & Pick<RpcFunctionMetadata, 'functionId'>,
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
    traceContext: traceContext(),
  };
}

/**
 * A trace context as the reference host always sends one (BEHAVIOR 2.4): a fresh W3C traceparent. Workers
 * may rely on it being there (the .NET worker reads it unconditionally).
 */
export function traceContext(): {
  traceParent: string;
  traceState: string;
  attributes: Record<string, string>;
} {
  const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
  return { traceParent: `00-${hex(16)}-${hex(8)}-01`, traceState: '', attributes: {} };
}

/** The plain request description the protocol's builders take, as the host's front end reads it. */
function requestData(request: HttpRequestInit): HttpRequestData {
  const url = new URL(request.url);
  const pairs: string[] = [];
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    for (const item of typeof value === 'string' ? [value] : value) pairs.push(name, item);
  }
  const body = request.body;
  return {
    method: request.method ?? 'GET',
    url: url.href,
    headers: readHeaderPairs(pairs),
    query: readQuery(url.search),
    params: { ...request.params },
    body: body === undefined ? undefined : typeof body === 'string' ? Buffer.from(body) : Buffer.from(body),
    identity: undefined,
  };
}
