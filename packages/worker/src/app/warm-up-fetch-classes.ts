import type { AppState } from './app-state.js';

let warmed = false;

/**
 * After the functions are loaded, the worker waits for the host to open its HTTP port and for the first
 * request. The `@azure/functions` library builds each HTTP request and response on the fetch classes, which
 * Node loads (its bundled undici) on the first access of `globalThis.Request`: tens of milliseconds the
 * first invocation would otherwise pay. Touching them on the next turn of the event loop, once the load
 * responses are written, moves that work into the wait; apps without HTTP functions never load them.
 */
export function warmUpFetchClassesFor(app: AppState): void {
  if (warmed || !hasHttpFunction(app)) return;
  warmed = true;
  setImmediate(() => void [globalThis.Request, globalThis.Response, globalThis.Headers]);
}

function hasHttpFunction(app: AppState): boolean {
  for (const fn of app.functions.values()) {
    const bindings = Object.values(fn.metadata.bindings ?? {});
    if (bindings.some((binding) => binding.type?.toLowerCase() === 'httptrigger')) return true;
  }
  return false;
}
