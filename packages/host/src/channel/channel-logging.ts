import { RpcLog_RpcLogCategory, type RpcLog } from '@functions-rpc/protocol';
import type { HostLogger } from '../log/host-logger.js';
import { levelFromRpc } from '../log/log-level.js';
import type { InvocationOutcome } from './invocation-outcome.js';

/** Who sent a log, and which function's invocation it belongs to (if it is still running). */
export interface LogOrigin {
  readonly workerId: string;
  /** The worker's system category, e.g. `Worker.node`. */
  readonly category: string;
  readonly functionName?: string | undefined;
}

/**
 * Records an RpcLog: user and metric logs of a running invocation under `Function.<name>.User|Metric` with
 * their exception, everything else (system logs, logs of finished invocations) under the worker's category,
 * an exception's stack in a Debug record of its own.
 */
export function logRpcLog(logger: HostLogger, log: RpcLog, origin: LogOrigin): void {
  const exception = log.exception ? log.exception.stackTrace || log.exception.message : undefined;
  const fields = {
    workerId: origin.workerId,
    ...(log.invocationId ? { invocationId: log.invocationId } : {}),
    ...(origin.functionName ? { functionName: origin.functionName } : {}),
  };
  const isSystem = log.logCategory === RpcLog_RpcLogCategory.System;
  if (isSystem || !origin.functionName) {
    logger.log(levelFromRpc(log.level), origin.category, log.message, fields);
    // A worker's own error says what went wrong in its message; the stack (of a user's entry point that
    // failed to load, say) is for whoever asks for Debug, e.g. with fnrpc start --verbose.
    if (exception) logger.log('Debug', origin.category, exception, fields);
    return;
  }
  const suffix = log.logCategory === RpcLog_RpcLogCategory.CustomMetric ? 'Metric' : 'User';
  logger.log(levelFromRpc(log.level), `Function.${origin.functionName}.${suffix}`, log.message, {
    ...fields,
    ...(exception ? { exception } : {}),
  });
}

/** One invocation, for its start and end lines. */
export interface InvocationLogInfo {
  readonly functionName: string;
  readonly invocationId: string;
  readonly workerId: string;
}

/** `Executing 'Functions.<name>' (Reason=…, Id=…)`. */
export function logInvocationStart(logger: HostLogger, info: InvocationLogInfo, reason: string): void {
  const { functionName, invocationId } = info;
  logger.log(
    'Information',
    `Function.${functionName}`,
    `Executing 'Functions.${functionName}' (Reason='${reason}', Id=${invocationId})`,
    { functionName, invocationId, workerId: info.workerId },
  );
}

/**
 * `Executed 'Functions.<name>' (Succeeded|Cancelled|Failed, …)`; failures at Error level with their error id,
 * cancellations at Information.
 */
export function logInvocationEnd(
  logger: HostLogger,
  info: InvocationLogInfo,
  outcome: InvocationOutcome,
  durationMs: number,
): void {
  const { functionName, invocationId, workerId } = info;
  const category = `Function.${functionName}`;
  const fields = { functionName, invocationId, workerId };
  const took = `Id=${invocationId}, Duration=${Math.round(durationMs)}ms`;
  if (outcome.ok) {
    logger.log('Information', category, `Executed 'Functions.${functionName}' (Succeeded, ${took})`, fields);
    return;
  }
  if (outcome.reason === 'cancelled') {
    // Its caller gave up (an HTTP client went away mid-upload, the host stops): no fault of the function.
    logger.log(
      'Information',
      category,
      `Executed 'Functions.${functionName}' (Cancelled, ${took}): ${outcome.message}`,
      fields,
    );
    return;
  }
  logger.log(
    'Error',
    category,
    `Executed 'Functions.${functionName}' (Failed, ${took}): ${outcome.reason}: ${outcome.message} [error id ${outcome.errorId}]`,
    { ...fields, errorId: outcome.errorId },
  );
}
