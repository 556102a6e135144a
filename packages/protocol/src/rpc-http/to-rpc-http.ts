import { create } from '@bufbuild/protobuf';
import { RpcHttpSchema, TypedDataSchema, type RpcHttp, type TypedData } from '../gen/FunctionRpc_pb.js';
import { RpcClaimsIdentitySchema, type RpcClaimsIdentity } from '../gen/identity/ClaimsIdentityRpc_pb.js';
import type { NullableString } from '../gen/shared/NullableTypes_pb.js';
import { nullableString } from '../nullable.js';
import { isOctetOrMultipart, mediaType, NOT_JSON, type HttpRequestData } from './http-request-data.js';
import type { KeyIdentity, RouteValues } from './request-parts.js';
import type { RpcHttpShape } from './rpc-http-shape.js';

const CLAIMS = 'http://schemas.microsoft.com/2017/07/functions/claims/';
const NAME_CLAIM_TYPE = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name';
const ROLE_CLAIM_TYPE = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role';

/**
 * Builds the RpcHttp a worker receives for a request in non-proxy mode (BEHAVIOR.md 6.2), shaped by the
 * worker's capabilities. `json` is the body parsed by `parseJsonBody` (or NOT_JSON), so it is parsed at most once.
 * Unlike the reference host, a body without Content-Length (chunked) is delivered too.
 */
export function toRpcHttp(data: HttpRequestData, shape: RpcHttpShape, json: unknown): RpcHttp {
  const http = create(RpcHttpSchema, { method: data.method, url: data.url });
  if (shape.nullableMaps) fillNullableMaps(http, data);
  else fillPlainMaps(http, data, shape);
  if (data.identity) http.identities.push(keyIdentity(data.identity));
  if (data.body && data.body.length > 0) {
    if (shape.bodyOnly) http.body = bodyOnly(data, shape);
    else setLegacyBody(http, data, shape, json);
  }
  return http;
}

/** The RpcHttp sent in proxy mode: empty, or only the route params with `RequiresRouteParameters`. */
export function proxyRpcHttp(params: RouteValues, shape: RpcHttpShape): RpcHttp {
  const http = create(RpcHttpSchema);
  if (shape.requiresRouteParameters) setParams(http, params, shape.nullableMaps);
  return http;
}

function fillNullableMaps(http: RpcHttp, data: HttpRequestData): void {
  for (const [lower, entry] of data.headers) http.nullableHeaders[lower] = nullable(entry.value);
  for (const entry of data.query.values()) http.nullableQuery[entry.key] = nullable(entry.value);
  setParams(http, data.params, true);
}

function fillPlainMaps(http: RpcHttp, data: HttpRequestData, shape: RpcHttpShape): void {
  for (const [lower, entry] of data.headers) {
    if (entry.value !== '' || !shape.ignoreEmptyHeaders) http.headers[lower] = entry.value;
  }
  for (const entry of data.query.values()) if (entry.value !== '') http.query[entry.key] = entry.value;
  setParams(http, data.params, false);
}

function setParams(http: RpcHttp, params: RouteValues, nullableMaps: boolean): void {
  for (const name in params) {
    const value = params[name];
    if (value === undefined) continue;
    if (nullableMaps) http.nullableParams[name] = nullable(value);
    else http.params[name] = value;
  }
}

function nullable(value: string): NullableString {
  return nullableString(value)!;
}

function bodyOnly(data: HttpRequestData, shape: RpcHttpShape): TypedData {
  const body = data.body!;
  return shape.rawBodyBytes || isOctetOrMultipart(mediaType(data.headers))
    ? typed({ case: 'bytes', value: body })
    : typed({ case: 'string', value: body.toString('utf8') });
}

function setLegacyBody(http: RpcHttp, data: HttpRequestData, shape: RpcHttpShape, json: unknown): void {
  const body = data.body!;
  const type = mediaType(data.headers);
  const text = type === 'application/json' || !isOctetOrMultipart(type) ? body.toString('utf8') : undefined;
  if (type === 'application/json')
    http.body = json === NOT_JSON ? typed({ case: 'string', value: text! }) : jsonValue(json);
  else if (text === undefined) http.body = typed({ case: 'bytes', value: body });
  else http.body = typed({ case: 'string', value: text });
  http.rawBody = shape.rawBodyBytes
    ? typed({ case: 'bytes', value: body })
    : typed({ case: 'string', value: text ?? body.toString('utf8') });
}

/** A parsed JSON body as the reference host re-encodes it: strings `string`, fractions `double`, else `json`. */
function jsonValue(value: unknown): TypedData {
  if (value === null) return typed({ case: undefined });
  if (typeof value === 'string') return typed({ case: 'string', value });
  if (typeof value === 'number' && !Number.isInteger(value)) return typed({ case: 'double', value });
  return typed({ case: 'json', value: JSON.stringify(value) });
}

function typed(data: TypedData['data']): TypedData {
  return create(TypedDataSchema, { data });
}

/** The identity the reference host attaches when a request presented a valid key (scheme `WebJobsAuthLevel`). */
function keyIdentity(identity: KeyIdentity): RpcClaimsIdentity {
  return create(RpcClaimsIdentitySchema, {
    authenticationType: nullableString('WebJobsAuthLevel'),
    nameClaimType: nullableString(NAME_CLAIM_TYPE),
    roleClaimType: nullableString(ROLE_CLAIM_TYPE),
    claims: [
      { type: `${CLAIMS}authlevel`, value: identity.level === 'admin' ? 'Admin' : 'Function' },
      { type: `${CLAIMS}invoke`, value: 'true' },
      { type: `${CLAIMS}keyid`, value: identity.keyName },
    ],
  });
}
