import type { CoreHttpCookie, CoreTypedData } from '../core-api/types.js';

/**
 * Converts what a legacy function put in `context.res` (or its HTTP output binding or return value)
 * into an RpcHttp. `{ status | statusCode, headers, cookies, body }` objects are responses; anything else
 * is the body of a 200 response. The body is always set, as the host requires.
 */
export function toLegacyHttpResponse(value: unknown): CoreTypedData {
  const response = isResponseLike(value) ? value : { body: value };
  const headers: Record<string, string> = {};
  for (const [name, header] of Object.entries(response.headers ?? {})) {
    if (header !== undefined && header !== null) headers[name.toLowerCase()] = String(header);
  }
  const status = response.status ?? response.statusCode ?? 200;
  return {
    http: {
      statusCode: String(status),
      headers,
      cookies: (response.cookies ?? []).map(toCookie),
      enableContentNegotiation: false,
      body: toBody(response.body, headers),
    },
  };
}

interface LegacyResponse {
  status?: number | string;
  statusCode?: number | string;
  headers?: Record<string, unknown>;
  cookies?: LegacyCookie[];
  body?: unknown;
}

interface LegacyCookie {
  name: string;
  value: string;
  domain?: string;
  path?: string;
  expires?: Date | number;
  secure?: boolean;
  httpOnly?: boolean;
  sameSite?: 'Strict' | 'Lax' | 'None';
  maxAge?: number;
}

function isResponseLike(value: unknown): value is LegacyResponse {
  if (typeof value !== 'object' || value === null || Buffer.isBuffer(value)) return false;
  return ['body', 'status', 'statusCode', 'headers', 'cookies'].some((key) => key in value);
}

function toBody(body: unknown, headers: Record<string, string>): CoreTypedData {
  if (body === undefined || body === null) return { bytes: Buffer.alloc(0) };
  if (typeof body === 'string') return { string: body };
  if (Buffer.isBuffer(body) || body instanceof Uint8Array) return { bytes: body };
  if (typeof body === 'number' || typeof body === 'boolean') return { string: String(body) };
  headers['content-type'] ??= 'application/json';
  return { string: JSON.stringify(body) };
}

/** Timestamps count nanos forward from a floored second, so dates before 1970 need a positive remainder. */
function millisOfSecond(epochMs: number): number {
  return ((epochMs % 1000) + 1000) % 1000;
}

function toCookie(cookie: LegacyCookie): CoreHttpCookie {
  const sameSite = cookie.sameSite?.toLowerCase();
  const expires = cookie.expires === undefined ? undefined : new Date(cookie.expires).getTime();
  return {
    name: cookie.name,
    value: cookie.value,
    domain: { value: cookie.domain },
    path: { value: cookie.path },
    expires:
      expires === undefined
        ? undefined
        : { value: { seconds: Math.floor(expires / 1000), nanos: millisOfSecond(expires) * 1e6 } },
    secure: { value: cookie.secure },
    httpOnly: { value: cookie.httpOnly },
    sameSite:
      sameSite === 'strict'
        ? 'strict'
        : sameSite === 'lax'
          ? 'lax'
          : sameSite === 'none'
            ? 'explicitNone'
            : 'none',
    maxAge: { value: cookie.maxAge },
  };
}
