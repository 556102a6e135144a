import { isHttpTrigger, type FunctionInfo } from './function-info.js';
import type { FunctionInError } from './function-registry.js';
import { httpDescriptor } from './http-descriptor.js';

/** The functions kept, and those in error because their route was taken. */
export interface RouteConflicts {
  readonly functions: FunctionInfo[];
  readonly inError: FunctionInError[];
}

/**
 * Puts in error an HTTP function whose route (or name, when it has none) equals an earlier function's, ignoring
 * case and outer slashes, while their methods intersect (no methods means all): the reference host refuses
 * such a function with a function error at start, since the second could never be reached.
 */
export function dropRouteConflicts(functions: readonly FunctionInfo[]): RouteConflicts {
  const kept: FunctionInfo[] = [];
  const inError: FunctionInError[] = [];
  const routes: { name: string; route: string; methods: readonly string[] | undefined }[] = [];
  for (const fn of functions) {
    if (!isHttpTrigger(fn)) {
      kept.push(fn);
      continue;
    }
    const descriptor = httpDescriptor(fn);
    const route = (descriptor.route ?? fn.name).replace(/^\/+|\/+$/g, '').toLowerCase();
    const methods = descriptor.methods?.length ? descriptor.methods : undefined;
    const taken = routes.find((other) => other.route === route && intersect(other.methods, methods));
    if (taken) {
      inError.push({
        fn,
        error: `The route specified conflicts with the route defined by function '${taken.name}'.`,
      });
      continue;
    }
    routes.push({ name: fn.name, route, methods });
    kept.push(fn);
  }
  return { functions: kept, inError };
}

function intersect(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (!a || !b) return true;
  return a.some((method) => b.includes(method));
}
