import { validateHeaderName, validateHeaderValue, type ServerResponse } from 'node:http';
import {
  fromNullable,
  RpcHttpCookie_SameSite,
  StatusResult_Status,
  type InvocationResponse,
  type RpcHttp,
  type RpcHttpCookie,
  type TypedData,
} from '@functions-rpc/protocol';

/** The HTTP answer read out of a worker's output, ready to be written. */
export interface HttpResult {
  readonly status: number;
  /** Flat `[name, value, name, value, ...]` list as `writeHead` takes it; `set-cookie` may repeat. */
  readonly headers: string[];
  readonly body: Uint8Array | string;
  /** Headers or cookies left out because they were invalid, for the log. */
  readonly dropped: string[];
}

/** Thrown when the worker's HTTP output cannot be written (e.g. a status outside 100-999). */
export class HttpResultError extends Error {
  override readonly name = 'HttpResultError';
}

const TEXT = 'text/plain; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';
/** Headers the front end computes itself; a worker's values would break the framing of the connection. */
const FRAMING_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive']);
const EMPTY: HttpResult = { status: 200, headers: [], body: '', dropped: [] };

/**
 * Picks the TypedData holding a function's HTTP answer: `return_value` for a `$return` output binding, else the
 * named `output_data` entry; without a known http output binding, an `http` return value is still used.
 */
export function httpOutput(
  response: InvocationResponse,
  bindingName: string | undefined,
): TypedData | undefined {
  if (bindingName === '$return') return response.returnValue;
  if (bindingName === undefined) {
    return response.returnValue?.data.case === 'http' ? response.returnValue : undefined;
  }
  for (const binding of response.outputData) {
    if (binding.name === bindingName && binding.rpcData.case === 'data') return binding.rpcData.value;
  }
  return undefined;
}

/** True when the worker reported the invocation as failed or cancelled (the answer is then a 500). */
export function invocationFailed(response: InvocationResponse): boolean {
  const status = response.result?.status ?? StatusResult_Status.Success;
  return status !== StatusResult_Status.Success;
}

/**
 * Reads an http output (BEHAVIOR.md 6.4): an RpcHttp gives status, headers, cookies and body; other kinds follow
 * rule 7 (a JSON text or object with a `body` key is a response object, anything else is the body with 200).
 * Nothing set gives 200 with an empty body. Unlike the reference host, an RpcHttp without `body` keeps its
 * status and headers (with an empty body) instead of being written out as JSON.
 *
 * @throws HttpResultError when the status is outside 100-999.
 */
export function readHttpResult(data: TypedData | undefined): HttpResult {
  const member = data?.data;
  switch (member?.case) {
    case undefined:
      return EMPTY;
    case 'http':
      return fromRpcHttp(member.value);
    case 'string':
      return fromText(member.value);
    case 'json':
      return fromText(member.value, JSON_TYPE);
    case 'bytes':
    case 'stream':
      return { status: 200, headers: [], body: member.value, dropped: [] };
    case 'int':
    case 'double':
      return plainBody(String(member.value), TEXT);
    default:
      throw new HttpResultError(`An http output cannot be a '${String(member?.case)}' value.`);
  }
}

function fromRpcHttp(http: RpcHttp): HttpResult {
  const headers: string[] = [];
  const dropped: string[] = [];
  let contentType: string | undefined;
  for (const name in http.headers) {
    const value = http.headers[name]!;
    const lower = name.toLowerCase();
    if (FRAMING_HEADERS.has(lower)) continue;
    if (!validHeader(name, value)) dropped.push(`header '${name}'`);
    else if (lower === 'content-type') contentType = value;
    else headers.push(name, value);
  }
  for (const cookie of http.cookies) {
    const text = serializeCookie(cookie);
    if (text === undefined) dropped.push(`cookie '${cookie.name}'`);
    else headers.push('set-cookie', text);
  }
  const { body, defaultType } = bodyOf(http.body);
  const type = contentType ?? defaultType;
  if (type !== undefined) headers.push('content-type', type);
  return { status: parseStatus(http.statusCode), headers, body, dropped };
}

function bodyOf(body: TypedData | undefined): { body: Uint8Array | string; defaultType: string | undefined } {
  const member = body?.data;
  switch (member?.case) {
    case 'bytes':
    case 'stream':
      return { body: member.value, defaultType: undefined };
    case 'string':
      return { body: member.value, defaultType: TEXT };
    case 'json':
      return { body: member.value, defaultType: JSON_TYPE };
    case 'int':
    case 'double':
      return { body: String(member.value), defaultType: TEXT };
    default:
      return { body: '', defaultType: undefined };
  }
}

/** Rule 7: text that parses to an object with a `body` key is a response object; anything else is the body. */
function fromText(text: string, defaultType = TEXT): HttpResult {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('{')) return plainBody(text, defaultType);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return plainBody(text, defaultType);
  }
  return responseObject(parsed as Record<string, unknown>) ?? plainBody(text, defaultType);
}

function responseObject(value: Record<string, unknown>): HttpResult | undefined {
  const fields = new Map(Object.entries(value).map(([key, item]) => [key.toLowerCase(), item]));
  if (!fields.has('body')) return undefined;
  const body = fields.get('body');
  const status = fields.get('statuscode') ?? fields.get('status');
  const httpHeaders: Record<string, string> = {};
  const given = fields.get('headers');
  if (given && typeof given === 'object') {
    for (const [name, item] of Object.entries(given)) httpHeaders[name] = String(item);
  }
  const isText = typeof body === 'string';
  return fromRpcHttpLike(
    status === undefined || status === null ? '' : String(status),
    httpHeaders,
    body === undefined || body === null ? '' : isText ? body : JSON.stringify(body),
    isText ? TEXT : JSON_TYPE,
  );
}

function fromRpcHttpLike(
  status: string,
  given: Record<string, string>,
  body: string,
  defaultType: string,
): HttpResult {
  const headers: string[] = [];
  const dropped: string[] = [];
  let contentType: string | undefined;
  for (const [name, value] of Object.entries(given)) {
    const lower = name.toLowerCase();
    if (FRAMING_HEADERS.has(lower)) continue;
    if (!validHeader(name, value)) dropped.push(`header '${name}'`);
    else if (lower === 'content-type') contentType = value;
    else headers.push(name, value);
  }
  headers.push('content-type', contentType ?? defaultType);
  return { status: parseStatus(status), headers, body, dropped };
}

function plainBody(body: string, type: string): HttpResult {
  return { status: 200, headers: ['content-type', type], body, dropped: [] };
}

function parseStatus(text: string): number {
  const trimmed = text.trim();
  if (!/^[+-]?\d+$/.test(trimmed)) return 200;
  const status = Number(trimmed);
  if (status < 100 || status > 999)
    throw new HttpResultError(`The function answered with status ${trimmed}.`);
  return status;
}

function validHeader(name: string, value: string): boolean {
  try {
    validateHeaderName(name);
    validateHeaderValue(name, value);
    return true;
  } catch {
    return false;
  }
}

const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const SAME_SITE: Readonly<Record<RpcHttpCookie_SameSite, string | undefined>> = {
  [RpcHttpCookie_SameSite.None]: undefined,
  [RpcHttpCookie_SameSite.Lax]: 'lax',
  [RpcHttpCookie_SameSite.Strict]: 'strict',
  [RpcHttpCookie_SameSite.ExplicitNone]: 'none',
};

/**
 * One `Set-Cookie` value with every attribute the RpcHttpCookie carries (`path=/` when it has none); undefined
 * for an invalid name.
 */
export function serializeCookie(cookie: RpcHttpCookie): string | undefined {
  if (!COOKIE_NAME.test(cookie.name)) return undefined;
  let text = `${cookie.name}=${encodeURIComponent(cookie.value)}`;
  const expires = fromNullable(cookie.expires);
  if (expires && !Number.isNaN(expires.getTime())) text += `; expires=${expires.toUTCString()}`;
  const maxAge = fromNullable(cookie.maxAge);
  if (maxAge !== undefined && Number.isFinite(maxAge)) text += `; max-age=${Math.floor(maxAge)}`;
  const domain = fromNullable(cookie.domain);
  if (domain) text += `; domain=${domain}`;
  // Without a path the reference host writes ASP.NET Core's default, `/`.
  const path = fromNullable(cookie.path) ?? '/';
  if (path) text += `; path=${path}`;
  if (fromNullable(cookie.secure)) text += '; secure';
  const sameSite = SAME_SITE[cookie.sameSite];
  if (sameSite) text += `; samesite=${sameSite}`;
  if (fromNullable(cookie.httpOnly)) text += '; httponly';
  return validHeader('set-cookie', text) ? text : undefined;
}

/** Writes a result with an exact `content-length`; statuses that cannot have a body (1xx, 204, 304) get none. */
export function writeHttpResult(response: ServerResponse, result: HttpResult): void {
  if (result.status < 200 || result.status === 204 || result.status === 304) {
    response.writeHead(result.status, result.headers);
    response.end();
    return;
  }
  const length = typeof result.body === 'string' ? Buffer.byteLength(result.body) : result.body.byteLength;
  response.writeHead(result.status, [...result.headers, 'content-length', String(length)]);
  response.end(result.body);
}
