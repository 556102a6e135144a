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
  /** How many records `records` keeps (the oldest are dropped); default 10 000; 0 keeps none. */
  readonly keep?: number;
  /**
   * About how many bytes of memory `records` may hold (the oldest are dropped, the newest is always kept);
   * default 16 MiB. A record counts {@link recordBytes}: a few large messages (bodies or stacks logged by a
   * function) would otherwise keep far more memory than the count suggests.
   */
  readonly keepBytes?: number;
}

/** What a record costs beside its strings: the object, its Date and the array slot, roughly. */
const RECORD_OVERHEAD = 160;

/** An estimate of the memory one record holds: its overhead plus two bytes per character of its strings. */
export function recordBytes(record: LogRecord): number {
  let characters = record.category.length + record.message.length;
  for (const field of [
    record.functionName,
    record.invocationId,
    record.workerId,
    record.errorId,
    record.exception,
  ]) {
    characters += field?.length ?? 0;
  }
  return RECORD_OVERHEAD + 2 * characters;
}

/** Collects every record (for tests and the programmatic API) and forwards the ones the filter allows. */
export class HostLogger {
  /** The most recent records, oldest first. */
  readonly records: LogRecord[] = [];
  #filter: LogFilter;
  readonly #sink: LogSink | undefined;
  readonly #keep: number;
  readonly #keepBytes: number;
  /** `recordBytes` of each of `records`, in the same order, and their sum. */
  readonly #sizes: number[] = [];
  #bytes = 0;

  constructor(options: HostLoggerOptions = {}) {
    this.#filter = options.filter ?? new LogFilter();
    this.#sink = options.sink;
    this.#keep = options.keep ?? 10_000;
    this.#keepBytes = options.keepBytes ?? 16 * 1024 * 1024;
  }

  /** About how many bytes the kept records hold (see {@link recordBytes}). */
  get bytes(): number {
    return this.#bytes;
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
    if (this.#keep === 0) return record;
    const size = recordBytes(record);
    this.records.push(record);
    this.#sizes.push(size);
    this.#bytes += size;
    // shift() drops the oldest in constant time (V8 trims the array's front); splice(0, n) moves every record.
    while (this.records.length > this.#keep || (this.#bytes > this.#keepBytes && this.records.length > 1)) {
      this.records.shift();
      this.#bytes -= this.#sizes.shift() ?? 0;
    }
    return record;
  }
}
