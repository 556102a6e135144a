/** Log levels, ordered as RpcLog.Level and .NET's LogLevel (Trace = 0 … None = 6). */
export const LOG_LEVELS = ['Trace', 'Debug', 'Information', 'Warning', 'Error', 'Critical', 'None'] as const;

/** One log level name. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The numeric rank of a level (Trace = 0). */
export function levelRank(level: LogLevel): number {
  return LOG_LEVELS.indexOf(level);
}

/** The level of an RpcLog.Level number; out-of-range numbers read as Information. */
export function levelFromRpc(level: number): LogLevel {
  return LOG_LEVELS[level] ?? 'Information';
}

/** Parses a level name case-insensitively, or returns undefined. */
export function parseLogLevel(text: string): LogLevel | undefined {
  return LOG_LEVELS.find((level) => level.toLowerCase() === text.trim().toLowerCase());
}
