import type { IncomingMessage } from 'node:http';

/** One header as the request carried it: the first spelling of its name and all values joined with `,`. */
export interface HeaderEntry {
  readonly name: string;
  readonly value: string;
}

/** One query key: its first spelling, all values joined with `,`, and the last value (for `Query` metadata). */
export interface QueryEntry {
  readonly key: string;
  readonly value: string;
  readonly last: string;
}

/** A request's target split once: path (still encoded), query string (with `?`, or empty), and query text. */
export interface RequestTarget {
  readonly path: string;
  readonly search: string;
}

/** Splits `request.url` into path and `?query`; an absolute-form target (`http://host/path`) loses its authority. */
export function requestTarget(url: string): RequestTarget {
  if (!url.startsWith('/')) return absoluteTarget(url);
  const mark = url.indexOf('?');
  return mark < 0 ? { path: url, search: '' } : { path: url.slice(0, mark), search: url.slice(mark) };
}

function absoluteTarget(url: string): RequestTarget {
  try {
    const parsed = new URL(url);
    return { path: parsed.pathname, search: parsed.search };
  } catch {
    return { path: '/', search: '' };
  }
}

/**
 * The request headers keyed by lower-cased name, repeated headers joined with `,` (as ASP.NET Core's
 * `StringValues.ToString()` does, unlike Node's `, ` join).
 */
export function readHeaders(request: IncomingMessage): Map<string, HeaderEntry> {
  const raw = request.rawHeaders;
  const headers = new Map<string, HeaderEntry>();
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const value = raw[i + 1]!;
    const lower = name.toLowerCase();
    const seen = headers.get(lower);
    headers.set(lower, seen ? { name: seen.name, value: `${seen.value},${value}` } : { name, value });
  }
  return headers;
}

/**
 * Parses a query string (`?a=1&b=2&a=3`) into entries keyed by lower-cased key (query keys are
 * case-insensitive in ASP.NET Core); `+` is a space, undecodable escapes are kept as written.
 */
export function readQuery(search: string): Map<string, QueryEntry> {
  const query = new Map<string, QueryEntry>();
  if (search.length <= 1) return query;
  for (const pair of search.slice(1).split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const key = decodeQueryText(equals < 0 ? pair : pair.slice(0, equals));
    const value = equals < 0 ? '' : decodeQueryText(pair.slice(equals + 1));
    const lower = key.toLowerCase();
    const seen = query.get(lower);
    query.set(
      lower,
      seen ? { key: seen.key, value: `${seen.value},${value}`, last: value } : { key, value, last: value },
    );
  }
  return query;
}

function decodeQueryText(text: string): string {
  const spaced = text.includes('+') ? text.replace(/\+/g, ' ') : text;
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}
