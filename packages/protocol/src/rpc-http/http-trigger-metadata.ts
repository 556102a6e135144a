import { create } from '@bufbuild/protobuf';
import { TypedDataSchema, type RpcHttp, type TypedData } from '../gen/FunctionRpc_pb.js';
import { NOT_JSON, type HttpRequestData } from './http-request-data.js';
import { KEY_QUERY_PARAMETER } from './request-parts.js';
import type { RpcHttpShape } from './rpc-http-shape.js';

/**
 * The trigger metadata of an HTTP invocation (BEHAVIOR.md 6.2): the top-level properties of a JSON object body,
 * each query parameter but `code` and each route parameter as `string`, `Query` (last value per key, `code`
 * included) and `Headers` (original name casing, values joined) as `json`, and unless the worker set
 * `RpcHttpTriggerMetadataRemoved` the request itself under the trigger's name and `$request`.
 */
export function httpTriggerMetadata(
  data: HttpRequestData,
  shape: RpcHttpShape,
  triggerName: string,
  json: unknown,
  http: RpcHttp | undefined,
): Record<string, TypedData> {
  const metadata: Record<string, TypedData> = {};
  if (json !== NOT_JSON && typeof json === 'object' && json !== null && !Array.isArray(json)) {
    for (const [key, value] of Object.entries(json)) {
      if (value !== null && value !== undefined) metadata[key] = jsonProperty(value);
    }
  }
  const query: Record<string, string> = {};
  for (const [lower, entry] of data.query) {
    query[entry.key] = entry.last;
    if (lower !== KEY_QUERY_PARAMETER) metadata[entry.key] = text(entry.value);
  }
  for (const name in data.params) {
    const value = data.params[name];
    if (value !== undefined) metadata[name] = text(value);
  }
  const headers: Record<string, string> = {};
  for (const entry of data.headers.values()) headers[entry.name] = entry.value;
  metadata.Query = typed({ case: 'json', value: JSON.stringify(query) });
  metadata.Headers = typed({ case: 'json', value: JSON.stringify(headers) });
  if (!shape.triggerMetadataRemoved && http) {
    const request = typed({ case: 'http', value: http });
    metadata[triggerName] = request;
    metadata.$request = request;
  }
  return metadata;
}

function jsonProperty(value: unknown): TypedData {
  return typeof value === 'string' ? text(value) : typed({ case: 'json', value: JSON.stringify(value) });
}

function text(value: string): TypedData {
  return typed({ case: 'string', value });
}

function typed(data: TypedData['data']): TypedData {
  return create(TypedDataSchema, { data });
}
