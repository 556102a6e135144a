import { create } from '@bufbuild/protobuf';
import {
  RpcExceptionSchema,
  StatusResult_Status,
  StatusResultSchema,
  type RpcException,
  type StatusResult,
} from './gen/FunctionRpc_pb.js';

/** Options of {@link rpcExceptionFromError}. */
export interface RpcExceptionOptions {
  /** True when the error came from the function's own code rather than from the worker. */
  readonly isUserException?: boolean;
  /** Where the error came from, such as the function name. */
  readonly source?: string;
}

/**
 * Describes any thrown value as an RpcException: message, stack and type name for Errors; for anything
 * else, its string form.
 */
export function rpcExceptionFromError(error: unknown, options: RpcExceptionOptions = {}): RpcException {
  const isError = error instanceof Error;
  return create(RpcExceptionSchema, {
    message: errorMessage(error),
    stackTrace: isError ? (error.stack ?? '') : '',
    type: isError ? error.constructor.name || error.name : typeof error,
    isUserException: options.isUserException ?? false,
    source: options.source ?? '',
  });
}

/** A StatusResult with status Success. */
export function successResult(): StatusResult {
  return create(StatusResultSchema, { status: StatusResult_Status.Success });
}

/** A StatusResult with status Failure carrying the error as an RpcException. */
export function failureResult(error: unknown, options: RpcExceptionOptions = {}): StatusResult {
  return create(StatusResultSchema, {
    status: StatusResult_Status.Failure,
    exception: rpcExceptionFromError(error, options),
  });
}

/** A StatusResult with status Cancelled and the reason as its exception message. */
export function cancelledResult(reason: string): StatusResult {
  return create(StatusResultSchema, {
    status: StatusResult_Status.Cancelled,
    exception: create(RpcExceptionSchema, { message: reason }),
  });
}

/** The message of anything thrown: an Error's message, a string as is, anything else as JSON or text. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}
