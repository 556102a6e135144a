import type { MessagePayloadInit } from '@functions-rpc/protocol';
import type { FunctionInfo } from '../functions/function-info.js';
import type { BindingData } from './binding-data.js';
import type { BindingContext, InputReader } from './binding-extension.js';
import { inputExtension } from './binding-registry.js';

type InputData = MessagePayloadInit<'invocationRequest'>['inputData'];

/** Reads the inputs the host binds (blobs …) for each invocation of one function. */
export interface InputPlan {
  /**
   * Every input's value, read at once, to send beside the trigger input.
   *
   * @throws Error naming each input that could not be read; the invocation then fails without running.
   */
  read(data: BindingData): Promise<InputData>;
}

type Reader = { readonly name: string } & ({ readonly reader: InputReader } | { readonly error: string });

/**
 * The input plan of a function, or undefined when no registered extension reads any of its inputs. A
 * binding whose settings are bad is reported now and fails each invocation with the reason.
 */
export function inputPlan(fn: FunctionInfo, context: BindingContext): InputPlan | undefined {
  const readers: Reader[] = [];
  for (const binding of fn.bindings) {
    if (binding.direction !== 'in' || binding === fn.trigger) continue;
    const extension = inputExtension(binding.type);
    if (!extension?.input) continue;
    try {
      readers.push({ name: binding.name, reader: extension.input(binding, context) });
    } catch (error) {
      const reason = (error as Error).message;
      context.logger.log(
        'Error',
        `Function.${fn.name}`,
        `Input binding '${binding.name}' of '${fn.name}' cannot work: ${reason}`,
        { functionName: fn.name },
      );
      readers.push({ name: binding.name, error: reason });
    }
  }
  if (readers.length === 0) return undefined;
  return {
    read: async (data) => {
      const results = await Promise.allSettled(
        readers.map(async (entry) => {
          if ('error' in entry) throw new Error(`'${entry.name}': ${entry.error}`);
          try {
            return {
              name: entry.name,
              rpcData: { case: 'data' as const, value: await entry.reader.read(data) },
            };
          } catch (error) {
            throw new Error(`'${entry.name}': ${(error as Error).message}`);
          }
        }),
      );
      const failed = results.flatMap((result) =>
        result.status === 'rejected' ? [(result.reason as Error).message] : [],
      );
      if (failed.length > 0) throw new Error(`Reading the inputs failed: ${failed.join('; ')}`);
      return results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    },
  };
}
