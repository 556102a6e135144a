import { toTypedData, type InvocationResponse, type TypedData } from '@functions-rpc/protocol';
import type { FunctionInfo } from '../functions/function-info.js';
import type { BindingData } from './binding-data.js';
import type { BindingContext, OutputWriter } from './binding-extension.js';
import { outputExtension } from './binding-registry.js';

/** Writes the outputs of a successful invocation of one function. */
export interface OutputPlan {
  /**
   * Writes every output the response holds a non-null value for, all at once (BINDINGS.md 9).
   *
   * @param data The invocation's binding data (its trigger metadata), for paths with `{expressions}`.
   * @throws Error naming each output that failed; those that succeeded stay written, as in the reference host.
   */
  write(response: InvocationResponse, data: BindingData): Promise<void>;
}

type Writer = { readonly name: string } & ({ readonly writer: OutputWriter } | { readonly error: string });

/**
 * The output plan of a function, or undefined when no registered extension writes any of its outputs (HTTP
 * outputs are the front end's). A binding whose settings are bad fails each invocation with the reason.
 */
export function outputPlan(fn: FunctionInfo, context: BindingContext): OutputPlan | undefined {
  const writers: Writer[] = [];
  for (const binding of fn.bindings) {
    if (binding.direction === 'in') continue;
    const extension = outputExtension(binding.type);
    if (!extension?.output) continue;
    try {
      writers.push({ name: binding.name, writer: extension.output(binding, context) });
    } catch (error) {
      const reason = (error as Error).message;
      context.logger.log(
        'Error',
        `Function.${fn.name}`,
        `Output binding '${binding.name}' of '${fn.name}' cannot work: ${reason}`,
        {
          functionName: fn.name,
        },
      );
      writers.push({ name: binding.name, error: reason });
    }
  }
  if (writers.length === 0) return undefined;
  const hasReturn = fn.bindings.some((binding) => binding.name === '$return');
  return {
    write: async (response, data) => {
      const values = outputValues(response, hasReturn);
      const results = await Promise.allSettled(
        writers.flatMap((entry) => {
          const value = values.get(entry.name);
          if (!value || value.data.case === undefined) return [];
          if ('error' in entry) return [Promise.reject(new Error(`'${entry.name}': ${entry.error}`))];
          return [
            entry.writer
              .write(value, data)
              .catch((error: unknown) =>
                Promise.reject(new Error(`'${entry.name}': ${(error as Error).message}`)),
              ),
          ];
        }),
      );
      const failed = results.flatMap((result) =>
        result.status === 'rejected' ? [(result.reason as Error).message] : [],
      );
      if (failed.length > 0) throw new Error(`Writing the outputs failed: ${failed.join('; ')}`);
    },
  };
}

/**
 * The value of each output by binding name: `output_data`, `$return` from `return_value`, or, without a
 * `$return` binding, the top-level properties of a JSON-object return value (BEHAVIOR.md 6.5).
 */
function outputValues(response: InvocationResponse, hasReturn: boolean): Map<string, TypedData> {
  const values = new Map<string, TypedData>();
  const returned = response.returnValue;
  if (returned && hasReturn) values.set('$return', returned);
  else if (returned?.data.case === 'json') {
    const parsed: unknown = JSON.parse(returned.data.value);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      for (const [name, value] of Object.entries(parsed)) values.set(name, toTypedData(value));
  }
  for (const binding of response.outputData)
    if (binding.rpcData.case === 'data') values.set(binding.name, binding.rpcData.value);
  return values;
}
