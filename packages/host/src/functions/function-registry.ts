import type { FunctionInfo } from './function-info.js';

/** The app's functions, looked up by name (case-insensitive, as routes and admin paths are) or by id. */
export class FunctionRegistry {
  readonly all: readonly FunctionInfo[];
  /** Indexing problems, one line each (invalid functions, worker-reported failures). */
  readonly errors: readonly string[];
  readonly #byName: ReadonlyMap<string, FunctionInfo>;
  readonly #byId: ReadonlyMap<string, FunctionInfo>;

  constructor(functions: readonly FunctionInfo[], errors: readonly string[] = []) {
    this.all = functions;
    this.errors = errors;
    this.#byName = new Map(functions.map((fn) => [fn.name.toLowerCase(), fn]));
    this.#byId = new Map(functions.map((fn) => [fn.functionId, fn]));
  }

  /** The function of that name, if any. */
  byName(name: string): FunctionInfo | undefined {
    return this.#byName.get(name.toLowerCase());
  }

  /** The function of that id, if any. */
  byId(functionId: string): FunctionInfo | undefined {
    return this.#byId.get(functionId);
  }
}
