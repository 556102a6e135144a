/** One header as the request carried it: the first spelling of its name and all values joined with `,`. */
export interface HeaderEntry {
  readonly name: string;
  readonly value: string;
}

/**
 * One query key: its first spelling, all values joined with `,`, the first value (for the `code` key) and the
 * last value (for `Query` metadata).
 */
export interface QueryEntry {
  readonly key: string;
  readonly value: string;
  readonly first: string;
  readonly last: string;
}

/** Route values of a match; a value is undefined for an unused optional parameter without default. */
export type RouteValues = Record<string, string | undefined>;

/** The request header carrying a key; it wins over the `code` query parameter. */
export const KEY_HEADER = 'x-functions-key';
/** The query parameter carrying a key when the header is absent. */
export const KEY_QUERY_PARAMETER = 'code';

/** Who a presented key identifies: the master key (admin) or a function key, with the key's name. */
export interface KeyIdentity {
  readonly level: 'admin' | 'function';
  readonly keyName: string;
}

/**
 * Headers from alternating name/value pairs (Node's `rawHeaders`), keyed by lower-cased name, repeated headers
 * joined with `,` (as ASP.NET Core's `StringValues.ToString()` does, unlike Node's `, ` join).
 */
export function readHeaderPairs(raw: readonly string[]): Map<string, HeaderEntry> {
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
      seen
        ? { ...seen, value: `${seen.value},${value}`, last: value }
        : { key, value, first: value, last: value },
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
