import type { FunctionBinding } from '@functions-rpc/protocol';

/**
 * Why a function is in error for asking for SDK types through deferred binding (`model_binding_data`,
 * BINDINGS.md 7), or undefined when it does not: this host sends content, never `model_binding_data`, so
 * such a function would get a value it cannot use.
 *
 * A binding asks with `properties.SupportsDeferredBinding` true or `"True"` (key in any case). As in the
 * reference host, the trigger's request is dropped (it gets content) when another binding has a `{…}`
 * expression in one of its settings.
 */
export function deferredBindingError(
  bindings: readonly FunctionBinding[],
  trigger: FunctionBinding,
): string | undefined {
  const skipTrigger = bindings.some((binding) => binding !== trigger && hasExpression(binding));
  const asking = bindings.filter(
    (binding) => asksForDeferredBinding(binding) && !(skipTrigger && binding === trigger),
  );
  if (asking.length === 0) return undefined;
  return `The binding(s) '${asking.map((binding) => binding.name).join(', ')}' ask for SDK types (SupportsDeferredBinding), which this host does not support, so the function can neither be triggered nor run: bind the content (bytes or string) instead.`;
}

function asksForDeferredBinding(binding: FunctionBinding): boolean {
  const properties = binding.settings['properties'];
  if (typeof properties !== 'object' || properties === null) return false;
  const value = Object.entries(properties).find(
    ([key]) => key.toLowerCase() === 'supportsdeferredbinding',
  )?.[1];
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

function hasExpression(binding: FunctionBinding): boolean {
  return Object.values(binding.settings).some((value) => typeof value === 'string' && /\{.*\}/.test(value));
}
