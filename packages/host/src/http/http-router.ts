import type { RouteValues } from '@functions-rpc/protocol';
import type { HttpFunctionDescriptor } from './http-dispatcher.js';
import { comparePrecedence, compileRoute, matchRoute, type CompiledRoute } from './route-template.js';

/** The outcome of routing one request. */
export type RouteMatch =
  | { readonly kind: 'found'; readonly fn: HttpFunctionDescriptor; readonly values: RouteValues }
  | { readonly kind: 'not-found' };

/** A function whose route template did not compile; it gets no route. */
export interface RouteError {
  readonly functionName: string;
  readonly template: string;
  readonly message: string;
}

interface RouteEntry {
  readonly route: CompiledRoute;
  readonly fn: HttpFunctionDescriptor;
  /** Upper-case methods, or undefined for any method. */
  readonly methods: ReadonlySet<string> | undefined;
}

const NOT_FOUND: RouteMatch = { kind: 'not-found' };

/**
 * Routes requests to HTTP functions: each function's template is `<routePrefix>/<route or name>`, compiled once
 * when the functions are set; routes are tried from the most specific (literal > constrained parameter >
 * parameter > optional > catch-all, segment by segment) and the first that matches path and method wins.
 * A route whose path matches but whose methods do not is no match, as in the reference host (ASP.NET Core
 * method constraints), so such a request ends in 404, not 405.
 */
export class HttpRouter {
  readonly #prefix: string;
  #entries: readonly RouteEntry[] = [];

  /** @param routePrefix host.json `extensions.http.routePrefix`; default `api`, `''` for none. */
  constructor(routePrefix = 'api') {
    this.#prefix = routePrefix.replace(/^\/+|\/+$/g, '');
  }

  /** Replaces the routed functions; returns the functions left out because their template is invalid. */
  setFunctions(functions: readonly HttpFunctionDescriptor[]): RouteError[] {
    const errors: RouteError[] = [];
    const entries: RouteEntry[] = [];
    for (const fn of functions) {
      const template = this.templateOf(fn);
      try {
        entries.push({ route: compileRoute(template), fn, methods: methodSet(fn.methods) });
      } catch (error) {
        errors.push({ functionName: fn.name, template, message: (error as Error).message });
      }
    }
    // A stable sort keeps declaration order among equally specific routes.
    this.#entries = entries.sort((a, b) => comparePrecedence(a.route, b.route));
    return errors;
  }

  /** The full template a function is served under, e.g. `api/products/{id:int}`. */
  templateOf(fn: HttpFunctionDescriptor): string {
    const route = (fn.route ?? fn.name).replace(/^~?\/+/, '');
    return this.#prefix === '' ? route : route === '' ? this.#prefix : `${this.#prefix}/${route}`;
  }

  /** Routes a request given its method and the path part of its URL (no query string). */
  match(method: string, path: string): RouteMatch {
    const segments = splitPath(path);
    for (const entry of this.#entries) {
      if (entry.methods && !entry.methods.has(method)) continue;
      const values = matchRoute(entry.route, segments);
      if (values) return { kind: 'found', fn: entry.fn, values };
    }
    return NOT_FOUND;
  }
}

function methodSet(methods: readonly string[] | undefined): ReadonlySet<string> | undefined {
  return methods && methods.length > 0 ? new Set(methods.map((method) => method.toUpperCase())) : undefined;
}

/**
 * Splits a URL path into decoded segments, dropping the leading and a trailing empty one. `%2F` stays encoded so
 * a decoded segment never contains `/`, as in ASP.NET Core.
 */
export function splitPath(path: string): string[] {
  const trimmed = path.endsWith('/') ? path.slice(1, -1) : path.slice(1);
  if (trimmed === '') return [];
  const segments = trimmed.split('/');
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (segment.includes('%')) segments[i] = decodeSegment(segment);
  }
  return segments;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment.replace(/%2f/gi, '%252F'));
  } catch {
    return segment;
  }
}
