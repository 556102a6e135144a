import { randomUUID } from 'node:crypto';
import { StatusResult_Status, type InvocationResponse } from '@functions-rpc/protocol';
import type { HttpInvocationOutcome } from '../http/index.js';

/** The result of any invocation (HTTP or not): the worker's response, or why there is none. */
export type InvocationOutcome = HttpInvocationOutcome;

/** An invocation that did not succeed. */
export type FailedOutcome = Extract<InvocationOutcome, { ok: false }>;

/** Why an invocation failed without a successful response. */
export type FailureReason = FailedOutcome['reason'];

/** A failed outcome with a fresh error id. */
export function failedOutcome(reason: FailureReason, message: string): FailedOutcome {
  return { ok: false, reason, message, errorId: randomUUID() };
}

/** Reads an InvocationResponse: Success is ok, Failure and Cancelled become failed outcomes. */
export function outcomeOfResponse(response: InvocationResponse): InvocationOutcome {
  const result = response.result;
  if (result?.status === StatusResult_Status.Success) return { ok: true, response };
  const message =
    result?.exception?.message || (result ? 'the function failed' : 'the worker sent no result');
  const failed = failedOutcome(
    result?.status === StatusResult_Status.Cancelled ? 'cancelled' : 'failure',
    message,
  );
  return result?.exception ? { ...failed, exception: result.exception } : failed;
}
