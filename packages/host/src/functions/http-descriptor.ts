import type { HttpFunctionDescriptor } from '../http/index.js';
import type { FunctionInfo } from './function-info.js';

/** What the HTTP front end needs of an HTTP-triggered function. */
export function httpDescriptor(fn: FunctionInfo): HttpFunctionDescriptor {
  const settings = fn.trigger.settings;
  const methods = Array.isArray(settings['methods'])
    ? settings['methods'].filter((m): m is string => typeof m === 'string').map((m) => m.toUpperCase())
    : undefined;
  const route =
    typeof settings['route'] === 'string' && settings['route'] !== '' ? settings['route'] : undefined;
  const output = fn.bindings.find((b) => b.direction !== 'in' && b.type.toLowerCase() === 'http');
  return {
    name: fn.name,
    functionId: fn.functionId,
    ...(route ? { route } : {}),
    ...(methods ? { methods } : {}),
    authLevel: authLevel(settings['authLevel']),
    triggerBindingName: fn.trigger.name,
    ...(output ? { httpOutputBindingName: output.name } : {}),
    disabled: fn.disabled,
  };
}

/** A function's URL as the start-up banner prints it (as Core Tools does): base, prefix and route as written. */
export function functionUrl(
  baseUrl: string,
  routePrefix: string,
  descriptor: HttpFunctionDescriptor,
): string {
  const path = [routePrefix, descriptor.route ?? descriptor.name].filter((part) => part !== '').join('/');
  return `${baseUrl}/${path.replace(/^\/+/, '')}`;
}

/** The admin API's `invoke_url_template`: {@link functionUrl} lower-cased, as the reference host reports it. */
export function invokeUrl(baseUrl: string, routePrefix: string, descriptor: HttpFunctionDescriptor): string {
  return functionUrl(baseUrl, routePrefix, descriptor).toLowerCase();
}

/** `authLevel` as the front end knows it; the reference default is `function`, `system`/`user` need admin. */
function authLevel(value: unknown): HttpFunctionDescriptor['authLevel'] {
  const level = typeof value === 'string' ? value.toLowerCase() : 'function';
  if (level === 'anonymous' || level === 'function' || level === 'admin') return level;
  return 'admin';
}
