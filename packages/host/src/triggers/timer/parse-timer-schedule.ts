import { resolveAppSettings } from './app-settings.js';
import { looksLikeCron, parseNcrontab } from './ncrontab.js';
import { intervalSchedule, parseTimeSpan } from './time-span.js';
import type { TimerSchedule } from './timer-schedule.js';
import { TimerScheduleError } from './timer-schedule.js';

/**
 * Parses a timerTrigger `schedule`: `%AppSetting%` references are first resolved from `env`, then the text is read
 * as NCRONTAB (6 fields with seconds, or 5 without) or, failing that, as a .NET TimeSpan (`hh:mm:ss`,
 * `d.hh:mm:ss`). Throws {@link TimerScheduleError} with a message naming the problem.
 *
 * @example parseTimerSchedule('%CleanupSchedule%', { CleanupSchedule: '0 *\/5 * * * *' }).next(new Date())
 */
export function parseTimerSchedule(
  expression: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): TimerSchedule {
  const resolved = resolveAppSettings(expression, env).trim();
  if (resolved === '') throw new TimerScheduleError('The timer schedule is empty.');
  if (looksLikeCron(resolved)) return parseNcrontab(resolved);
  const intervalMs = parseTimeSpan(resolved);
  if (intervalMs !== undefined) return intervalSchedule(resolved, intervalMs);
  throw new TimerScheduleError(
    `Schedule '${resolved}' is neither an NCRONTAB expression ('{second} {minute} {hour} {day} {month} ` +
      `{day-of-week}', e.g. '0 */5 * * * *') nor a TimeSpan ('hh:mm:ss' or 'd.hh:mm:ss').`,
  );
}
