import { parseTimeSpan } from '@functions-rpc/protocol';

/**
 * Reads a per-function `functionTimeout` (our extension: a function.json key or a metadata property, as
 * "hh:mm:ss" or "-1"). Returns `{}` when absent, so host.json's value applies.
 *
 * @throws Error when present but not a TimeSpan.
 */
export function readFunctionTimeout(value: unknown): { timeoutMs?: number | undefined } {
  if (value === undefined || value === null || value === '') return {};
  if (value === '-1' || value === -1) return { timeoutMs: undefined };
  const ms = typeof value === 'string' ? parseTimeSpan(value) : undefined;
  if (ms === undefined)
    throw new Error(`functionTimeout must be "hh:mm:ss" or "-1", got ${JSON.stringify(value)}`);
  return { timeoutMs: ms };
}
