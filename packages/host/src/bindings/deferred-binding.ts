import type { FunctionBinding } from '@functions-rpc/protocol';

/**
 * Refuses a storage binding (blob, table) that asks for deferred binding (SDK types through
 * `model_binding_data`, BINDINGS.md 7): `properties.SupportsDeferredBinding` true or `"True"`, key compared
 * case-insensitively. This host sends content, never `model_binding_data`, so such a function would get a
 * value it cannot use.
 *
 * @throws Error saying so.
 */
export function refuseDeferredBinding(binding: FunctionBinding): void {
  const properties = binding.settings['properties'];
  if (typeof properties !== 'object' || properties === null) return;
  const value = Object.entries(properties).find(
    ([key]) => key.toLowerCase() === 'supportsdeferredbinding',
  )?.[1];
  if (value === true || (typeof value === 'string' && value.toLowerCase() === 'true'))
    throw new Error(
      `Binding '${binding.name}' asks for SDK types (SupportsDeferredBinding), which this host does not support: bind the content (bytes or string) instead.`,
    );
}
