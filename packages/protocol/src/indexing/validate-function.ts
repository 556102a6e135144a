import type { FunctionBinding } from './function-binding.js';

const FUNCTION_NAME = /^[a-z][a-z0-9_-]{0,127}$/i;
const BINDING_NAME = /^[a-zA-Z][a-zA-Z0-9]{0,127}$/;

/**
 * Checks a function as the reference host does (BEHAVIOR 4.3) and returns its trigger.
 *
 * @throws Error with a one-line reason when the function is invalid.
 */
export function validateFunction(name: string, bindings: readonly FunctionBinding[]): FunctionBinding {
  if (!FUNCTION_NAME.test(name) || name.toLowerCase() === 'host') {
    throw new Error(`'${name}' is not a valid function name`);
  }
  if (bindings.length === 0) throw new Error('it has no bindings');
  const seen = new Set<string>();
  for (const binding of bindings) {
    if (binding.name === '$return') {
      if (binding.direction !== 'out') throw new Error("binding '$return' must have direction 'out'");
    } else if (!BINDING_NAME.test(binding.name)) {
      throw new Error(`'${binding.name}' is not a valid binding name`);
    }
    const key = binding.name.toLowerCase();
    if (seen.has(key)) throw new Error(`binding name '${binding.name}' is used more than once`);
    seen.add(key);
  }
  const trigger = bindings.find((b) => b.direction !== 'out' && /trigger$/i.test(b.type));
  if (!trigger) throw new Error('it has no trigger binding');
  return trigger;
}
