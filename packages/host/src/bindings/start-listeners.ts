import type { FunctionInfo } from '../functions/function-info.js';
import type { BindingContext, TriggerListener } from './binding-extension.js';
import { triggerExtension } from './binding-registry.js';

/**
 * Starts the trigger listener of every enabled function whose trigger a binding extension handles. A
 * function whose listener cannot start is logged and left without one; the others run.
 */
export async function startListeners(
  functions: readonly FunctionInfo[],
  context: BindingContext,
): Promise<TriggerListener[]> {
  const started = await Promise.all(
    functions.map(async (fn) => {
      const extension = triggerExtension(fn.trigger.type);
      if (fn.disabled || !extension?.listen) return [];
      try {
        return [await extension.listen(fn, context)];
      } catch (error) {
        context.logger.log(
          'Error',
          `Function.${fn.name}`,
          `The ${extension.name} listener of '${fn.name}' was not started: ${(error as Error).message}`,
          { functionName: fn.name },
        );
        return [];
      }
    }),
  );
  return started.flat();
}
