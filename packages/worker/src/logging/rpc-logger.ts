import { RpcLog_Level, RpcLog_RpcLogCategory, type MessagePayloadInit } from '@functions-rpc/protocol';
import { consoleError, consoleLog, consoleWarn } from './console-log.js';
import { LogLevels } from './log-levels.js';

/** One log as the worker sends it. */
export type RpcLogInit = MessagePayloadInit<'rpcLog'> & {
  level: RpcLog_Level;
  logCategory: RpcLog_RpcLogCategory;
  message: string;
};

/**
 * Sends RpcLog messages to the host, dropping those below the configured levels. When the stream is
 * gone, system logs go to stdout with the console prefix instead, so nothing important is lost.
 */
export class RpcLogger {
  readonly levels = new LogLevels();
  readonly #send: (log: RpcLogInit) => boolean;

  constructor(send: (log: RpcLogInit) => boolean) {
    this.#send = send;
  }

  /** True when a log of this category and level would be sent; check before building costly messages. */
  enabled(category: RpcLog_RpcLogCategory, level: RpcLog_Level): boolean {
    return this.levels.enabled(category, level);
  }

  /**
   * Sends one log. The caller checks {@link enabled} first, before it builds the log, so the check is not
   * made twice on the way.
   */
  log(log: RpcLogInit): void {
    if (this.#send(log) || log.logCategory !== RpcLog_RpcLogCategory.System) return;
    if (log.level >= RpcLog_Level.Error) consoleError(log.message);
    else if (log.level === RpcLog_Level.Warning) consoleWarn(log.message);
    else consoleLog(log.message);
  }

  /** A system log, optionally about one invocation. */
  system(level: RpcLog_Level, message: string, invocationId = ''): void {
    if (!this.enabled(RpcLog_RpcLogCategory.System, level)) return;
    this.log({ level, message, invocationId, logCategory: RpcLog_RpcLogCategory.System });
  }
}
