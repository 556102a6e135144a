import type { ActiveInvocation } from './active-invocation.js';

const invocationKey = Symbol('functions-rpc.invocation');
const patchedPrototypes = new WeakSet<object>();

interface WithInvocation {
  [invocationKey]?: ActiveInvocation;
}

/**
 * Gives user code the invocation's AbortSignal as `context.signal`, on whatever context object the
 * programming model built (the v4 library's InvocationContext has no such property of its own). The
 * getter is defined once on the context's class, non-enumerable, and reads the invocation from a symbol
 * property: no per-invocation accessor (which would change the object's shape in the library's hot
 * code), no AbortController unless the code reads the signal, and logging or serialising the context
 * is unchanged. A context that already has a `signal` is left alone.
 */
export function attachSignal(context: unknown, invocation: ActiveInvocation): void {
  if (typeof context !== 'object' || context === null) return;
  const prototype = Object.getPrototypeOf(context) as object | null;
  const shared = prototype !== null && prototype !== Object.prototype;
  if (shared && (patchedPrototypes.has(prototype) || patchPrototype(prototype, context))) {
    (context as WithInvocation)[invocationKey] = invocation;
  } else if (!('signal' in context)) {
    Object.defineProperty(context, 'signal', {
      get: () => invocation.signal,
      enumerable: false,
      configurable: true,
    });
  }
}

/** Defines the `signal` getter on a context class; false when its contexts have a `signal` already. */
function patchPrototype(prototype: object, context: object): boolean {
  if ('signal' in context) return false;
  Object.defineProperty(prototype, 'signal', {
    get(this: WithInvocation) {
      return this[invocationKey]?.signal;
    },
    enumerable: false,
    configurable: true,
  });
  patchedPrototypes.add(prototype);
  return true;
}
