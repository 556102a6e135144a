import type { HeaderEntry, KeyIdentity, QueryEntry, RouteValues } from './request-parts.js';

/** Everything the RpcHttp builders need of one routed request, as plain data read once per request. */
export interface HttpRequestData {
  readonly method: string;
  /** `http://{Host header}{path}{?query}` as in BEHAVIOR.md 6.2. */
  readonly url: string;
  /** Keyed by lower-cased name. */
  readonly headers: ReadonlyMap<string, HeaderEntry>;
  /** Keyed by lower-cased key. */
  readonly query: ReadonlyMap<string, QueryEntry>;
  readonly params: RouteValues;
  /** The whole body; undefined or empty when the request had none. */
  readonly body: Buffer | undefined;
  /** The key the request presented, when it matched one. */
  readonly identity: KeyIdentity | undefined;
}

/** The media type of a `content-type` value, lower-cased, without parameters. */
export function mediaType(headers: ReadonlyMap<string, HeaderEntry>): string {
  const value = headers.get('content-type')?.value;
  if (!value) return '';
  const semicolon = value.indexOf(';');
  return (semicolon < 0 ? value : value.slice(0, semicolon)).trim().toLowerCase();
}

/** `application/octet-stream` or any `multipart/` type: bodies the reference host always keeps binary. */
export function isOctetOrMultipart(type: string): boolean {
  return type === 'application/octet-stream' || type.includes('multipart/');
}

/** A parsed JSON body, or NOT_JSON when the body is not JSON or its content type is not `application/json`. */
export const NOT_JSON: unique symbol = Symbol('not-json');

/** Parses the body as JSON when its content type is `application/json`; the only place bodies are parsed. */
export function parseJsonBody(data: HttpRequestData): unknown {
  if (!data.body || data.body.length === 0 || mediaType(data.headers) !== 'application/json') return NOT_JSON;
  try {
    return JSON.parse(data.body.toString('utf8')) as unknown;
  } catch {
    return NOT_JSON;
  }
}
