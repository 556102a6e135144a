import { LogFilter } from './log-filter.js';
import type { LogLevel } from './log-level.js';
import type { LogFields, LogRecord } from './log-record.js';

/** Where printed records go (the CLI's console writer, for instance). */
export type LogSink = (record: LogRecord) => void;

/** Options of {@link HostLogger}. */
export interface HostLoggerOptions {
  /** Decides what reaches the sink; every record is kept in `records` regardless. */
  readonly filter?: LogFilter;
  readonly sink?: LogSink;
  /** How many records `records` keeps (the oldest are dropped); default 10 000. */
  readonly keep?: number;
}

/** Collects every record (for tests and the programmatic API) and forwards the ones the filter allows. */
export class HostLogger {
  /** The most recent records, oldest first. */
  readonly records: LogRecord[] = [];
  #filter: LogFilter;
  readonly #sink: LogSink | undefined;
  readonly #keep: number;

  constructor(options: HostLoggerOptions = {}) {
    this.#filter = options.filter ?? new LogFilter();
    this.#sink = options.sink;
    this.#keep = options.keep ?? 10_000;
  }

  /** Replaces the filter (a restarted app may have other log levels). */
  setFilter(filter: LogFilter): void {
    this.#filter = filter;
  }

  /** Records one line. */
  log(level: LogLevel, category: string, message: string, fields: LogFields = {}): void {
    const record = this.#keepRecord(level, category, message, fields);
    if (this.#sink && this.#filter.allows(category, level)) this.#sink(record);
  }

  /** Records one line and passes it to the sink whatever the filter says (lines tools wait for). */
  logAlways(level: LogLevel, category: string, message: string): void {
    const record = this.#keepRecord(level, category, message, {});
    this.#sink?.(record);
  }

  #keepRecord(level: LogLevel, category: string, message: string, fields: LogFields): LogRecord {
    const record: LogRecord = { time: new Date(), level, category, message, ...fields };
    this.records.push(record);
    // shift() drops the oldest in constant time (V8 trims the array's front); splice(0, n) moves every record.
    while (this.records.length > this.#keep) this.records.shift();
    return record;
  }
}
