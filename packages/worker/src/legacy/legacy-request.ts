import type { CoreHttp, CoreNullable, CoreTypedData } from '../core-api/types.js';
import { bodyText, jsonOrText } from './legacy-text.js';

/** The HTTP request object legacy functions receive (as `req` and as their trigger input). */
export interface LegacyHttpRequest {
  readonly method: string;
  readonly url: string;
  readonly originalUrl: string;
  readonly headers: Record<string, string>;
  readonly query: Record<string, string>;
  readonly params: Record<string, string>;
  /** A Buffer for binary content types; otherwise the text, parsed when it is JSON. */
  readonly body: unknown;
  /** The body as text; undefined when empty. */
  readonly rawBody: string | undefined;
  /** The body as received. */
  readonly bufferBody: Buffer | undefined;
  /** A header value by case-insensitive name. */
  get(name: string): string | undefined;
}

/** Builds the legacy request from the RpcHttp the host sent. */
export function toLegacyRequest(http: CoreHttp): LegacyHttpRequest {
  const headers = lowerCaseKeys(fromNullableMap(http.nullableHeaders, http.headers));
  const bufferBody = bodyBuffer(http.body);
  return {
    method: http.method ?? 'GET',
    url: http.url ?? '',
    originalUrl: http.url ?? '',
    headers,
    query: fromNullableMap(http.nullableQuery, http.query),
    params: fromNullableMap(http.nullableParams, http.params),
    ...legacyBody(bufferBody, headers['content-type']),
    bufferBody,
    get: (name: string) => headers[name.toLowerCase()],
  };
}

function bodyBuffer(body: CoreTypedData | null | undefined): Buffer | undefined {
  if (!body) return undefined;
  if (body.bytes) return Buffer.from(body.bytes.buffer, body.bytes.byteOffset, body.bytes.byteLength);
  if (typeof body.string === 'string') return Buffer.from(body.string, 'utf8');
  if (typeof body.json === 'string') return Buffer.from(body.json, 'utf8');
  return undefined;
}

/**
 * `body` and `rawBody` by the rule of Microsoft's legacy (v3) model: an `application/octet-stream` or
 * `multipart/*` body stays bytes; any other is decoded to text and parsed as JSON when it is JSON,
 * whatever its content type says (a `text/plain` body of `{"a":1}` is an object, of `42` a number).
 */
function legacyBody(
  buffer: Buffer | undefined,
  contentType: string | undefined,
): Pick<LegacyHttpRequest, 'body' | 'rawBody'> {
  if (buffer === undefined) return { body: undefined, rawBody: undefined };
  const type = contentType?.toLowerCase();
  if (type === 'application/octet-stream' || type?.startsWith('multipart/')) {
    return { body: buffer, rawBody: buffer.toString('utf8') };
  }
  const text = bodyText(buffer);
  // An empty body is no body there, not an empty string.
  if (text === '') return { body: undefined, rawBody: undefined };
  return { body: jsonOrText(text), rawBody: text };
}

function fromNullableMap(
  nullable: Record<string, CoreNullable<string>> | null | undefined,
  plain: Record<string, string> | null | undefined,
): Record<string, string> {
  if (nullable && Object.keys(nullable).length > 0) {
    const result: Record<string, string> = {};
    for (const key in nullable) result[key] = nullable[key]?.value ?? '';
    return result;
  }
  return { ...(plain ?? {}) };
}

function lowerCaseKeys(record: Record<string, string>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const key in record) result[key.toLowerCase()] = record[key] as string;
  return result;
}
