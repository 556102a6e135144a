import type { IncomingMessage } from 'node:http';

/**
 * A valid `Host` value (RFC 9110 `uri-host [":" port]`): a bracketed IPv6 literal or a registered name made of
 * unreserved characters (no `/`, `?`, `#`, `@` or brackets that would reshape a URL built on it), then an
 * optional port.
 */
const VALID_HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~-]+)(?::[0-9]{0,5})?$/;

/**
 * The authority to build the URL a function sees: the request's `Host` header when it is a valid host, else
 * the address the request arrived on. The header is client input; unchecked, `Host: [` failed every URL
 * built on it and `Host: a/b?c#d` handed the function another path and query.
 */
export function requestHost(request: IncomingMessage): string {
  const host = request.headers.host;
  if (host !== undefined && VALID_HOST.test(host)) return host;
  const { localAddress, localPort } = request.socket;
  if (localAddress === undefined) return 'localhost';
  return `${localAddress.includes(':') ? `[${localAddress}]` : localAddress}:${localPort ?? 80}`;
}
