import type {
  CoreBindingInfo,
  CoreInvocationContext,
  CoreInvocationResponse,
  CoreParameterBinding,
  CoreTypedData,
  FunctionCallback,
  InvocationArguments,
  InvocationModel,
  ProgrammingModel,
} from '../core-api/types.js';
import { workerVersion } from '../worker-metadata.js';
import { createLegacyContext, type LegacyContext } from './legacy-context.js';
import { toLegacyHttpResponse } from './legacy-response.js';
import { toLegacyTypedData } from './legacy-values.js';

/** The name this worker's built-in programming model reports in worker metadata. */
export const LEGACY_MODEL_NAME = '@functions-rpc/worker-legacy';

/**
 * The worker's built-in programming model for function.json apps (host indexing), in the style of the
 * Functions v3 Node.js model: `function (context, ...inputs)`, async or with `context.done`, outputs
 * through `context.bindings`, `context.res` or the return value.
 */
export function createLegacyModel(): ProgrammingModel {
  return {
    name: LEGACY_MODEL_NAME,
    version: workerVersion,
    getInvocationModel: (core) => new LegacyInvocationModel(core),
  };
}

class LegacyInvocationModel implements InvocationModel {
  readonly #core: CoreInvocationContext;
  readonly #done: Promise<unknown>;
  #settle!: (error: unknown, result: unknown) => void;

  constructor(core: CoreInvocationContext) {
    this.#core = core;
    this.#done = new Promise((resolve, reject) => {
      this.#settle = (error, result) =>
        error === undefined || error === null ? resolve(result) : reject(error);
    });
    // A function that never calls done and returns a promise must not leave an unhandled rejection.
    this.#done.catch(() => undefined);
  }

  async getArguments(): Promise<InvocationArguments> {
    return createLegacyContext(this.#core, this.#core.metadata, (error, result) =>
      this.#settle(error, result),
    );
  }

  /**
   * Calls the function. A returned promise (async functions) gives the result; otherwise a returned value
   * does; otherwise the function is callback-style and the result is what it passes to `context.done`.
   */
  async invokeFunction(context: unknown, inputs: unknown[], callback: FunctionCallback): Promise<unknown> {
    const returned = callback(context, ...inputs);
    if (isThenable(returned)) return await returned;
    if (returned !== undefined) return returned;
    return this.#done;
  }

  async getResponse(context: unknown, result: unknown): Promise<CoreInvocationResponse> {
    const legacy = context as LegacyContext;
    const bindings = this.#core.metadata.bindings ?? {};
    const values: Record<string, unknown> = { ...legacy.bindings };
    // Without a $return binding, a returned object's properties are the outputs of the same names.
    if (!('$return' in bindings) && isPlainObject(result)) Object.assign(values, result);
    const outputData: CoreParameterBinding[] = [];
    let returnValue: CoreTypedData | undefined;
    for (const [name, binding] of Object.entries(bindings)) {
      if (binding.direction !== 'out' && binding.direction !== 'inout') continue;
      const value =
        name === '$return' ? result : (values[name] ?? (isHttp(binding) ? legacy.res : undefined));
      const data = isHttp(binding)
        ? value === undefined
          ? undefined
          : toLegacyHttpResponse(value)
        : toLegacyTypedData(value);
      if (name === '$return') returnValue = data;
      else if (data) outputData.push({ name, data });
    }
    return { invocationId: this.#core.invocationId, outputData, returnValue };
  }
}

function isHttp(binding: CoreBindingInfo): boolean {
  return binding.type?.toLowerCase() === 'http';
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}
