import { Capability, hasCapability } from '../capabilities.js';

/** How a worker wants its HTTP requests, derived once from its capabilities (BEHAVIOR.md 6.2, 6.6). */
export interface RpcHttpShape {
  /** `UseNullableValueDictionaryForHttp`: fill `nullable_*` maps and keep empty values. */
  readonly nullableMaps: boolean;
  /** `IgnoreEmptyValuedRpcHttpHeaders` (plain maps only): skip headers with empty values. */
  readonly ignoreEmptyHeaders: boolean;
  /** `RpcHttpBodyOnly`: send `body` only, never JSON-parsed, no `rawBody`. */
  readonly bodyOnly: boolean;
  /** `RawHttpBodyBytes`: body (body-only mode) or rawBody (legacy mode) as `bytes`. */
  readonly rawBodyBytes: boolean;
  /** `RpcHttpTriggerMetadataRemoved`: no `<triggerName>` / `$request` entries in trigger metadata. */
  readonly triggerMetadataRemoved: boolean;
  /** `HttpUri` when it is an absolute http(s) URL: forward requests there (proxy mode). */
  readonly proxyUri: URL | undefined;
  /** `RequiresRouteParameters` (proxy mode): the trigger input carries the route params. */
  readonly requiresRouteParameters: boolean;
  /** The `HttpUri` value when it is set but unusable (not an absolute http URL or not loopback). */
  readonly invalidProxyUri: string | undefined;
}

const shapes = new WeakMap<Readonly<Record<string, string>>, RpcHttpShape>();

/** The shape for a capabilities record; cached per record object, since a worker's record does not change. */
export function rpcHttpShape(capabilities: Readonly<Record<string, string>>): RpcHttpShape {
  let shape = shapes.get(capabilities);
  if (!shape) {
    shape = computeShape(capabilities);
    shapes.set(capabilities, shape);
  }
  return shape;
}

function computeShape(capabilities: Readonly<Record<string, string>>): RpcHttpShape {
  const httpUri = capabilities[Capability.HttpUri] ?? '';
  const proxyUri = httpUri === '' ? undefined : loopbackHttpUrl(httpUri);
  return {
    nullableMaps: hasCapability(capabilities, Capability.UseNullableValueDictionaryForHttp),
    ignoreEmptyHeaders: hasCapability(capabilities, Capability.IgnoreEmptyValuedRpcHttpHeaders),
    bodyOnly: hasCapability(capabilities, Capability.RpcHttpBodyOnly),
    rawBodyBytes: hasCapability(capabilities, Capability.RawHttpBodyBytes),
    triggerMetadataRemoved: hasCapability(capabilities, Capability.RpcHttpTriggerMetadataRemoved),
    proxyUri,
    requiresRouteParameters: hasCapability(capabilities, Capability.RequiresRouteParameters),
    invalidProxyUri: httpUri !== '' && !proxyUri ? httpUri : undefined,
  };
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Parses an `HttpUri`; only http URLs on a loopback host are accepted, so requests never leave the machine. */
export function loopbackHttpUrl(text: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:') return undefined;
  const host = url.hostname.toLowerCase();
  return LOOPBACK_HOSTS.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host) ? url : undefined;
}
