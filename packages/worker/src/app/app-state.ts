import type { MessagePayloadInit } from '@functions-rpc/protocol';
import type {
  CoreFunctionMetadata,
  FunctionCallback,
  HookCallback,
  HookData,
  HookName,
  ProgrammingModel,
} from '../core-api/types.js';

/** RpcFunctionMetadata as sent to the host. */
export type FunctionMetadataInit = NonNullable<MessagePayloadInit<'functionLoadRequest'>['metadata']>;

/** A function the worker can invoke. */
export interface RegisteredFunction {
  /** What the host gets in FunctionMetadataResponse (worker indexing only). */
  readonly rpcMetadata?: FunctionMetadataInit;
  /** What the programming model gets back at invocation: the registration with enums as strings. */
  readonly metadata: CoreFunctionMetadata;
  readonly callback: FunctionCallback;
}

/** What `package.json` says about loading the app. */
export interface PackageJson {
  readonly main?: string;
  readonly type?: string;
}

/**
 * Everything the worker knows about the loaded function app. Replaced as a whole on environment
 * reload, so nothing of a previous app leaks into the next one.
 */
export class AppState {
  packageJson: PackageJson = {};
  /** Functions registered through `registerFunction` (worker indexing), by function id. */
  readonly functions = new Map<string, RegisteredFunction>();
  /** Functions loaded from function.json metadata (host indexing), by function id. */
  readonly legacyFunctions = new Map<string, RegisteredFunction>();
  readonly hooks: Record<HookName, HookCallback[]> = {
    preInvocation: [],
    postInvocation: [],
    appStart: [],
    appTerminate: [],
    log: [],
  };
  /** Shared by every hook of the app. */
  readonly appHookData: HookData = {};
  /** Shared by the app-level hooks (appStart, appTerminate) only. */
  readonly appLevelHookData: HookData = {};
  /** Set once metadata or a function load was requested: registrations are over. */
  indexingLocked = false;
  /** The entry file being loaded, for the script_file of registered functions. */
  currentEntryPoint: string | undefined;
  /** An entry file that failed to load; reported at metadata and load time (see README). */
  blockingError: Error | undefined;

  constructor(public programmingModel: ProgrammingModel) {}

  /** True when the app registered its functions itself. */
  get isWorkerIndexed(): boolean {
    return this.functions.size > 0;
  }
}
