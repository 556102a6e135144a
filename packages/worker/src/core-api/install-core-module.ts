import Module from 'node:module';
import type { CoreApi } from './core-api.js';

/** The specifier under which the worker provides its API to user code. */
const CORE_MODULE_ID = '@azure/functions-core';

/**
 * Makes `require('@azure/functions-core')` return the worker's API. It has to run before any user code
 * is loaded; ES modules get it too, through the CommonJS `@azure/functions` library they import.
 */
export function installCoreModule(coreApi: CoreApi): void {
  const prototype = Module.prototype as { require: (id: string) => unknown };
  prototype.require = new Proxy(prototype.require, {
    apply(target, thisArg, args: [string]) {
      return args[0] === CORE_MODULE_ID ? coreApi : Reflect.apply(target, thisArg, args);
    },
  });
}
