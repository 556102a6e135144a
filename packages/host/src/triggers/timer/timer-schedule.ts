/** A parsed timerTrigger schedule: either an NCRONTAB expression or a constant interval (TimeSpan). */
export interface TimerSchedule {
  /** `cron` for NCRONTAB expressions, `interval` for TimeSpan schedules. */
  readonly kind: 'cron' | 'interval';
  /** The expression after `%AppSetting%` resolution, as written by the user. */
  readonly expression: string;
  /** Human-readable form for logs, e.g. `Cron: '0 *\/5 * * * *'` or `Constant: 00:00:30`. */
  readonly description: string;
  /** The `Schedule.AdjustForDST` value of TimerInfo: true for cron schedules, false for intervals (as the reference). */
  readonly adjustForDST: boolean;
  /**
   * The first occurrence strictly after `after`. Cron schedules are evaluated in the process's local time zone
   * (set `TZ` to change it), as the reference host evaluates them in the machine's local time.
   */
  next(after: Date): Date;
  /**
   * True when the schedule can fire more than once a minute. The reference host then turns schedule monitoring off
   * (no persisted status, `ScheduleStatus: null`), and so does TimerScheduler.
   */
  readonly subMinute: boolean;
}

/** Thrown for a schedule that is neither valid NCRONTAB nor a valid TimeSpan, or that references a missing setting. */
export class TimerScheduleError extends Error {
  override readonly name = 'TimerScheduleError';
}
