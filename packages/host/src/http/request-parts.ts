import type { IncomingMessage } from 'node:http';
import { readHeaderPairs, type HeaderEntry } from '@functions-rpc/protocol';

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

/** The request headers keyed by lower-cased name, repeated headers joined with `,` (see `readHeaderPairs`). */
export function readHeaders(request: IncomingMessage): Map<string, HeaderEntry> {
  return readHeaderPairs(request.rawHeaders);
}
