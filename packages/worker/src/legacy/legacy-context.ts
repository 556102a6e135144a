import { format } from 'node:util';
import type { CoreFunctionMetadata, CoreInvocationContext, CoreLogLevel } from '../core-api/types.js';
import { camelCaseKeys, fromLegacyTypedData, lowerFirst } from './legacy-values.js';

/** A binding as legacy functions see it in `context.bindingDefinitions`. */
export interface LegacyBindingDefinition {
  readonly name: string;
  readonly type: string;
  readonly direction: string;
}

/** `context.log`: a function for information logs, with one method per level. */
export interface LegacyLogger {
  (...args: unknown[]): void;
  error(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  info(...args: unknown[]): void;
  verbose(...args: unknown[]): void;
}

/** The context object a legacy (function.json) function receives as its first argument. */
export interface LegacyContext {
  readonly invocationId: string;
  readonly executionContext: {
    readonly invocationId: string;
    readonly functionName: string;
    readonly functionDirectory: string;
    readonly retryContext: unknown;
  };
  /** Inputs by binding name; the function sets outputs here. */
  bindings: Record<string, unknown>;
  readonly bindingData: Record<string, unknown>;
  readonly bindingDefinitions: LegacyBindingDefinition[];
  readonly traceContext: { traceparent?: string | null; tracestate?: string | null; attributes?: unknown };
  readonly log: LegacyLogger;
  /** Ends a callback-style function: `done(error?, result?)`. */
  done(error?: unknown, result?: unknown): void;
  /** The HTTP request of an HTTP-triggered function. */
  req?: unknown;
  /** The HTTP response a function may set. */
  res?: unknown;
  /** Aborted when the host cancels the invocation. */
  readonly signal: AbortSignal;
}

/** The name of the function's timer trigger binding, if it has one. */
function timerTriggerName(metadata: CoreFunctionMetadata): string | undefined {
  return Object.entries(metadata.bindings ?? {}).find(
    ([, binding]) => binding.type?.toLowerCase() === 'timertrigger',
  )?.[0];
}

/** Builds the legacy context, with inputs already in `bindings` and `bindingData`. */
export function createLegacyContext(
  core: CoreInvocationContext,
  metadata: CoreFunctionMetadata,
  done: (error?: unknown, result?: unknown) => void,
): { context: LegacyContext; inputs: unknown[] } {
  const request = core.request;
  const bindings: Record<string, unknown> = {};
  const inputs: unknown[] = [];
  let httpRequest: unknown;
  const timerTrigger = timerTriggerName(metadata);
  for (const binding of request.inputData ?? []) {
    const name = binding.name ?? '';
    // As @azure/functions 3.x: the timer's TimerInfo arrives PascalCase and is read as `isPastDue`.
    const value =
      name === timerTrigger
        ? camelCaseKeys(fromLegacyTypedData(binding.data))
        : fromLegacyTypedData(binding.data);
    bindings[name] = value;
    inputs.push(value);
    if (binding.data?.http) httpRequest ??= value;
  }
  const bindingData: Record<string, unknown> = { invocationId: core.invocationId };
  for (const [key, data] of Object.entries(request.triggerMetadata ?? {})) {
    bindingData[lowerFirst(key)] = camelCaseKeys(fromLegacyTypedData(data));
  }
  const trace = request.traceContext;
  const context: LegacyContext = {
    invocationId: core.invocationId,
    executionContext: {
      invocationId: core.invocationId,
      functionName: metadata.name ?? '',
      functionDirectory: metadata.directory ?? '',
      retryContext: request.retryContext ?? null,
    },
    bindings,
    bindingData,
    bindingDefinitions: Object.entries(metadata.bindings ?? {}).map(([name, binding]) => ({
      name,
      type: binding.type ?? '',
      direction: binding.direction ?? 'in',
    })),
    traceContext: {
      traceparent: trace?.traceParent,
      tracestate: trace?.traceState,
      attributes: trace?.attributes,
    },
    log: createLogger(core),
    done,
    get signal() {
      return core.signal;
    },
  };
  if (httpRequest !== undefined) context.req = httpRequest;
  return { context, inputs };
}

function createLogger(core: CoreInvocationContext): LegacyLogger {
  const at =
    (level: CoreLogLevel) =>
    (...args: unknown[]): void =>
      core.log(level, 'user', format(...args));
  return Object.assign(at('information'), {
    error: at('error'),
    warn: at('warning'),
    info: at('information'),
    verbose: at('trace'),
  });
}
