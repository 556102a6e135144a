/**
 * The shapes that cross the `@azure/functions-core` boundary: protobuf messages with camelCase fields,
 * enums as lower-camel strings, 64-bit integers as numbers and bytes as Buffers. Programming models
 * (such as the `@azure/functions` v4 library) read and write these plain objects.
 */

/** Log levels as strings. */
export type CoreLogLevel = 'trace' | 'debug' | 'information' | 'warning' | 'error' | 'critical' | 'none';
/** Who a log is for. */
export type CoreLogCategory = 'user' | 'system' | 'customMetric';
/** Outcome of a request. */
export type CoreStatus = 'failure' | 'success' | 'cancelled';
/** Binding direction. */
export type CoreBindingDirection = 'in' | 'out' | 'inout';
/** Binding data type. */
export type CoreBindingDataType = 'undefined' | 'string' | 'binary' | 'stream';
/** Retry strategy. */
export type CoreRetryStrategy = 'exponentialBackoff' | 'fixedDelay';
/** Cookie SameSite attribute. */
export type CoreSameSite = 'none' | 'lax' | 'strict' | 'explicitNone';
/** What the worker is doing with an invocation, or undefined between steps. */
export type InvocationState = 'preInvocationHooks' | 'postInvocationHooks' | 'invocation';

/** A 64-bit integer as a number, or as an object with `toString()` such as a `Long`. */
export type CoreInt64 = number | bigint | { toString(): string };

/** `google.protobuf.Duration` / `Timestamp`. */
export interface CoreDuration {
  seconds?: CoreInt64 | null;
  nanos?: number | null;
}

/** A wrapper whose `value` may be absent. */
export interface CoreNullable<T> {
  value?: T | null;
}

/** TypedData: exactly one member is set. */
export interface CoreTypedData {
  string?: string | null;
  json?: string | null;
  bytes?: Uint8Array | null;
  stream?: Uint8Array | null;
  http?: CoreHttp | null;
  int?: CoreInt64 | null;
  double?: number | null;
  collectionBytes?: { bytes?: Uint8Array[] | null } | null;
  collectionString?: { string?: string[] | null } | null;
  collectionDouble?: { double?: number[] | null } | null;
  collectionSint64?: { sint64?: CoreInt64[] | null } | null;
  modelBindingData?: CoreModelBindingData | null;
  collectionModelBindingData?: { modelBindingData?: CoreModelBindingData[] | null } | null;
}

/** Model binding data (SDK-type bindings). */
export interface CoreModelBindingData {
  version?: string | null;
  source?: string | null;
  contentType?: string | null;
  content?: Uint8Array | null;
}

/** RpcHttp. */
export interface CoreHttp {
  method?: string | null;
  url?: string | null;
  headers?: Record<string, string> | null;
  body?: CoreTypedData | null;
  params?: Record<string, string> | null;
  statusCode?: string | null;
  query?: Record<string, string> | null;
  enableContentNegotiation?: boolean | null;
  rawBody?: CoreTypedData | null;
  identities?: CoreClaimsIdentity[] | null;
  cookies?: CoreHttpCookie[] | null;
  nullableHeaders?: Record<string, CoreNullable<string>> | null;
  nullableParams?: Record<string, CoreNullable<string>> | null;
  nullableQuery?: Record<string, CoreNullable<string>> | null;
}

/** RpcClaimsIdentity. */
export interface CoreClaimsIdentity {
  authenticationType?: CoreNullable<string> | null;
  nameClaimType?: CoreNullable<string> | null;
  roleClaimType?: CoreNullable<string> | null;
  claims?: { value?: string | null; type?: string | null }[] | null;
}

/** RpcHttpCookie. */
export interface CoreHttpCookie {
  name?: string | null;
  value?: string | null;
  domain?: CoreNullable<string> | null;
  path?: CoreNullable<string> | null;
  expires?: CoreNullable<CoreDuration> | null;
  secure?: CoreNullable<boolean> | null;
  httpOnly?: CoreNullable<boolean> | null;
  sameSite?: CoreSameSite | null;
  maxAge?: CoreNullable<number> | null;
}

/** RpcException. */
export interface CoreException {
  source?: string | null;
  stackTrace?: string | null;
  message?: string | null;
  isUserException?: boolean | null;
  type?: string | null;
}

/** StatusResult. */
export interface CoreStatusResult {
  status?: CoreStatus | null;
  result?: string | null;
  exception?: CoreException | null;
}

/** BindingInfo, plus whatever extension-specific properties the binding carries. */
export interface CoreBindingInfo {
  type?: string | null;
  direction?: CoreBindingDirection | null;
  dataType?: CoreBindingDataType | null;
  [property: string]: unknown;
}

/** RpcRetryOptions. */
export interface CoreRetryOptions {
  maxRetryCount?: number | null;
  delayInterval?: CoreDuration | null;
  minimumInterval?: CoreDuration | null;
  maximumInterval?: CoreDuration | null;
  retryStrategy?: CoreRetryStrategy | null;
}

/** What `registerFunction` accepts. */
export interface CoreFunctionRegistration {
  name: string;
  functionId?: string;
  bindings: Record<string, CoreBindingInfo>;
  retryOptions?: CoreRetryOptions;
}

/** RpcFunctionMetadata as handed back to the programming model at invocation. */
export interface CoreFunctionMetadata {
  name?: string | null;
  directory?: string | null;
  scriptFile?: string | null;
  entryPoint?: string | null;
  bindings?: Record<string, CoreBindingInfo> | null;
  isProxy?: boolean | null;
  language?: string | null;
  rawBindings?: string[] | null;
  functionId?: string | null;
  retryOptions?: CoreRetryOptions | null;
  properties?: Record<string, string> | null;
}

/** A parameter binding (input or output). */
export interface CoreParameterBinding {
  name?: string | null;
  data?: CoreTypedData | null;
}

/** RpcTraceContext. */
export interface CoreTraceContext {
  traceParent?: string | null;
  traceState?: string | null;
  attributes?: Record<string, string> | null;
}

/** RetryContext. */
export interface CoreRetryContext {
  retryCount?: number | null;
  maxRetryCount?: number | null;
  exception?: CoreException | null;
}

/** InvocationRequest. */
export interface CoreInvocationRequest {
  invocationId?: string | null;
  functionId?: string | null;
  inputData?: CoreParameterBinding[] | null;
  triggerMetadata?: Record<string, CoreTypedData> | null;
  traceContext?: CoreTraceContext | null;
  retryContext?: CoreRetryContext | null;
}

/** InvocationResponse as produced by a programming model. */
export interface CoreInvocationResponse {
  invocationId?: string | null;
  outputData?: CoreParameterBinding[] | null;
  returnValue?: CoreTypedData | null;
  result?: CoreStatusResult | null;
}

/** A user function as registered. */
export type FunctionCallback = (...args: unknown[]) => unknown;

/** What the worker hands a programming model for each invocation. */
export interface CoreInvocationContext {
  invocationId: string;
  request: CoreInvocationRequest;
  metadata: CoreFunctionMetadata;
  state?: InvocationState;
  /** Aborted when the host cancels the invocation (an addition of this worker). */
  readonly signal: AbortSignal;
  log(level: CoreLogLevel, category: CoreLogCategory, message: string): void;
}

/** The context object and inputs a programming model builds for a function call. */
export interface InvocationArguments {
  context: unknown;
  inputs: unknown[];
}

/** How a programming model runs one invocation. */
export interface InvocationModel {
  getArguments(): Promise<InvocationArguments>;
  invokeFunction(context: unknown, inputs: unknown[], callback: FunctionCallback): Promise<unknown>;
  getResponse(context: unknown, result: unknown): Promise<CoreInvocationResponse>;
}

/** A programming model such as `@azure/functions` v4. */
export interface ProgrammingModel {
  name: string;
  version: string;
  getInvocationModel(context: CoreInvocationContext): InvocationModel | Promise<InvocationModel>;
  getCapabilities?(
    defaults: Record<string, string>,
  ): Record<string, string> | Promise<Record<string, string>>;
}

/** Data shared between hooks. */
export type HookData = Record<string, unknown>;

/** Any hook callback. */
export type HookCallback = (context: never) => unknown;

/** The hook names `registerHook` accepts. */
export type HookName = 'preInvocation' | 'postInvocation' | 'appStart' | 'appTerminate' | 'log';
