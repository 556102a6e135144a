import type { FunctionInfo } from './function-info.js';

/** A function the host indexed but cannot run, and why. */
export interface FunctionInError {
  readonly fn: FunctionInfo;
  /** The reason, e.g. the unsupported binding types it uses. */
  readonly error: string;
}

/**
 * The app's functions, looked up by name (case-insensitive, as routes and admin paths are) or by id. Only
 * {@link all} are loaded, served, scheduled and invoked; the functions {@link inError} are only listed.
 */
export class FunctionRegistry {
  readonly all: readonly FunctionInfo[];
  /** Indexing problems, one line each (invalid functions, worker-reported failures, functions in error). */
  readonly errors: readonly string[];
  /** Functions that are indexed but in error: listed, never run. */
  readonly inError: readonly FunctionInError[];
  readonly #byName: ReadonlyMap<string, FunctionInfo>;
  readonly #byId: ReadonlyMap<string, FunctionInfo>;
  readonly #inErrorByName: ReadonlyMap<string, FunctionInError>;

  constructor(
    functions: readonly FunctionInfo[],
    errors: readonly string[] = [],
    inError: readonly FunctionInError[] = [],
  ) {
    this.all = functions;
    this.errors = errors;
    this.inError = inError;
    this.#byName = new Map(functions.map((fn) => [fn.name.toLowerCase(), fn]));
    this.#byId = new Map(functions.map((fn) => [fn.functionId, fn]));
    this.#inErrorByName = new Map(inError.map((entry) => [entry.fn.name.toLowerCase(), entry]));
  }

  /** The runnable function of that name, if any. */
  byName(name: string): FunctionInfo | undefined {
    return this.#byName.get(name.toLowerCase());
  }

  /** The runnable function of that id, if any. */
  byId(functionId: string): FunctionInfo | undefined {
    return this.#byId.get(functionId);
  }

  /** The function of that name that is in error, if any. */
  inErrorByName(name: string): FunctionInError | undefined {
    return this.#inErrorByName.get(name.toLowerCase());
  }
}

/** The message the host logs for a function in error, worded as the reference host's log line. */
export function functionInErrorMessage(entry: FunctionInError): string {
  return `The '${entry.fn.name}' function is in error: ${entry.error}`;
}
