import type { LogLevel } from './log-level.js';

/** One line of the host's log, from the host itself, a worker process or a function. */
export interface LogRecord {
  readonly time: Date;
  readonly level: LogLevel;
  /** Dotted category, e.g. `Host.Startup`, `Worker.node`, `Function.hello`, `Function.hello.User`. */
  readonly category: string;
  readonly message: string;
  readonly functionName?: string;
  readonly invocationId?: string;
  readonly workerId?: string;
  /** The error id of a failed invocation, also given in its HTTP 500 answer. */
  readonly errorId?: string;
  /** Stack or details of an exception that came with the record. */
  readonly exception?: string;
}

/** Extra fields of a record besides time, level, category and message. */
export type LogFields = Omit<LogRecord, 'time' | 'level' | 'category' | 'message'>;
