import { StatusResult_Status, type StatusResult } from '@functions-rpc/protocol';

/** One line saying why a StatusResult is not Success. */
export function statusMessage(result: StatusResult | undefined): string {
  if (!result) return 'the worker sent no result';
  return result.exception?.message || result.result || StatusResult_Status[result.status] || 'failure';
}
