import { ReadOnlyError } from '../errors.js';
import type { FunctionCallback, HookCallback, HookData } from './types.js';

/** Base of every hook context: `hookData` and `appHookData` can be changed but not replaced. */
class HookContext {
  readonly #hookData: HookData;
  readonly #appHookData: HookData;

  constructor(hookData: HookData, appHookData: HookData) {
    this.#hookData = hookData;
    this.#appHookData = appHookData;
  }

  get hookData(): HookData {
    return this.#hookData;
  }
  set hookData(_value: HookData) {
    throw new ReadOnlyError('hookData');
  }
  get appHookData(): HookData {
    return this.#appHookData;
  }
  set appHookData(_value: HookData) {
    throw new ReadOnlyError('appHookData');
  }
}

/** What `appStart` hooks receive. */
export class AppStartContext extends HookContext {
  constructor(
    hookData: HookData,
    appHookData: HookData,
    readonly functionAppDirectory: string,
  ) {
    super(hookData, appHookData);
  }
}

/** What `appTerminate` hooks receive. */
export class AppTerminateContext extends HookContext {}

/** Base of the invocation and log hook contexts: the model's context object is read-only too. */
export class InvocationHookContext extends HookContext {
  readonly #invocationContext: unknown;

  constructor(hookData: HookData, appHookData: HookData, invocationContext: unknown) {
    super(hookData, appHookData);
    this.#invocationContext = invocationContext;
  }

  get invocationContext(): unknown {
    return this.#invocationContext;
  }
  set invocationContext(_value: unknown) {
    throw new ReadOnlyError('invocationContext');
  }
}

/** What `preInvocation` hooks receive; `inputs` and `functionCallback` may be replaced. */
export class PreInvocationContext extends InvocationHookContext {
  constructor(
    hookData: HookData,
    appHookData: HookData,
    invocationContext: unknown,
    public inputs: unknown[],
    public functionCallback: FunctionCallback,
  ) {
    super(hookData, appHookData, invocationContext);
  }
}

/** What `postInvocation` hooks receive; `result` and `error` may be replaced. */
export class PostInvocationContext extends InvocationHookContext {
  constructor(
    hookData: HookData,
    appHookData: HookData,
    invocationContext: unknown,
    public inputs: unknown[],
    public result: unknown,
    public error: unknown,
  ) {
    super(hookData, appHookData, invocationContext);
  }
}

/** Runs hooks one after the other in registration order, awaiting each; the first failure stops them. */
export async function runHooks(hooks: readonly HookCallback[], context: object): Promise<void> {
  // A copy: a hook that disposes itself (or registers another) must not disturb this run.
  for (const hook of [...hooks]) await (hook as (context: object) => unknown)(context);
}
