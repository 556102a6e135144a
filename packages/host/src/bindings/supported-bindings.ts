import type { FunctionBinding } from '@functions-rpc/protocol';
import type { FunctionInfo } from '../functions/function-info.js';
import { extensionBindingTypes, triggerExtension } from './binding-registry.js';
import { deferredBindingError } from './deferred-binding.js';

/**
 * The binding types this host runs: for each, a trigger it fires or an input/output it carries out. A
 * function using any other type is in error (as the reference host does with a type no extension
 * registered) instead of looking live while its trigger never fires and its other bindings are dropped.
 * Compared case-insensitively, as the reference host does.
 */
export const SUPPORTED_BINDING_TYPES: readonly string[] = [
  'httpTrigger',
  'http',
  'timerTrigger',
  // Runs only when asked through the admin API, as in the reference host.
  'manualTrigger',
  ...extensionBindingTypes(),
];

const SUPPORTED = new Set(SUPPORTED_BINDING_TYPES.map((type) => type.toLowerCase()));

/** The binding types of a function this host does not support, each once, in binding order. */
export function unsupportedBindingTypes(bindings: readonly Pick<FunctionBinding, 'type'>[]): string[] {
  const found = new Map<string, string>();
  for (const { type } of bindings) {
    const key = type.toLowerCase();
    if (!SUPPORTED.has(key) && !found.has(key)) found.set(key, type);
  }
  return [...found.values()];
}

/** Why a function with unsupported binding types is in error, naming what the host supports. */
export function unsupportedBindingsMessage(types: readonly string[]): string {
  return (
    `The binding type(s) '${types.join(', ')}' are not supported by this host, so the function can neither ` +
    `be triggered nor run. Supported binding types: ${SUPPORTED_BINDING_TYPES.join(', ')}.`
  );
}

/**
 * Why a function's bindings keep it from running, or undefined when they do not: binding types this host
 * does not support, SDK types (deferred binding) it cannot give, or a trigger its extension cannot run
 * (e.g. a blob trigger's Event Grid source or malformed path).
 */
export function bindingsError(fn: Pick<FunctionInfo, 'bindings' | 'trigger'>): string | undefined {
  const unsupported = unsupportedBindingTypes(fn.bindings);
  if (unsupported.length > 0) return unsupportedBindingsMessage(unsupported);
  return (
    deferredBindingError(fn.bindings, fn.trigger) ??
    triggerExtension(fn.trigger.type)?.triggerError?.(fn.trigger)
  );
}
