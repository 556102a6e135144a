/** Severity of a timer log line (the host maps it onto its own logger). */
export type TimerLogLevel = 'debug' | 'information' | 'warning' | 'error';

/** Where the timer module writes its log lines; it must not throw, but a throwing logger is tolerated. */
export type TimerLog = (level: TimerLogLevel, message: string, error?: unknown) => void;

/** Wraps `log` so that a failing logger can never escape from a timer callback. */
export function safeLog(log: TimerLog | undefined): TimerLog {
  return (level, message, error) => {
    try {
      log?.(level, message, error);
    } catch {
      // A broken logger must not stop the schedule; there is nowhere left to report it.
    }
  };
}
