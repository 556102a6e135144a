import type { CoreHttp, CoreNullable, CoreTypedData } from '../core-api/types.js';

/** The HTTP request object legacy functions receive (as `req` and as their trigger input). */
export interface LegacyHttpRequest {
  readonly method: string;
  readonly url: string;
  readonly originalUrl: string;
  readonly headers: Record<string, string>;
  readonly query: Record<string, string>;
  readonly params: Record<string, string>;
  /** Parsed JSON for JSON content, a Buffer for binary content, otherwise text. */
  readonly body: unknown;
  /** The body as text. */
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
  const rawBody = bufferBody?.toString('utf8');
  return {
    method: http.method ?? 'GET',
    url: http.url ?? '',
    originalUrl: http.url ?? '',
    headers,
    query: fromNullableMap(http.nullableQuery, http.query),
    params: fromNullableMap(http.nullableParams, http.params),
    body: parseBody(bufferBody, rawBody, headers['content-type'] ?? ''),
    rawBody,
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

function parseBody(buffer: Buffer | undefined, text: string | undefined, contentType: string): unknown {
  if (buffer === undefined || text === undefined) return undefined;
  const type = contentType.toLowerCase();
  if (type.includes('application/octet-stream') || type.includes('multipart/')) return buffer;
  if (type.includes('json')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
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
