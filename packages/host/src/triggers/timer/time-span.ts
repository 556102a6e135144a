import type { TimerSchedule } from './timer-schedule.js';
import { TimerScheduleError } from './timer-schedule.js';

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60 * MS_PER_SECOND;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;
const MS_PER_DAY = 24 * MS_PER_HOUR;

// The .NET TimeSpan forms accepted by the reference (`TimeSpan.TryParse`): `d` or `[d.]hh:mm[:ss[.fffffff]]`.
const daysOnly = /^(\d+)$/;
const clock = /^(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?$/;

/**
 * Parses a .NET TimeSpan text (`hh:mm:ss`, `d.hh:mm:ss`, `hh:mm`, `d`, optional fraction of a second) into
 * milliseconds. Returns undefined when the text is not TimeSpan-shaped; throws when it is but is out of range
 * (e.g. `25:00:00`) or zero, since a zero interval would fire continuously.
 */
export function parseTimeSpan(text: string): number | undefined {
  const days = daysOnly.exec(text);
  if (days) return positive(text, Number(days[1]) * MS_PER_DAY);
  const parts = clock.exec(text);
  if (!parts) return undefined;
  const [, d = '0', h = '0', m = '0', s = '0', fraction = ''] = parts;
  if (Number(h) > 23 || Number(m) > 59 || Number(s) > 59) {
    throw new TimerScheduleError(
      `TimeSpan schedule '${text}' is out of range (hours 0-23, minutes and seconds 0-59).`,
    );
  }
  const ms =
    Number(d) * MS_PER_DAY +
    Number(h) * MS_PER_HOUR +
    Number(m) * MS_PER_MINUTE +
    Number(s) * MS_PER_SECOND +
    Math.round(Number(`0.${fraction || '0'}`) * MS_PER_SECOND);
  return positive(text, ms);
}

function positive(text: string, ms: number): number {
  if (ms <= 0) throw new TimerScheduleError(`TimeSpan schedule '${text}' must be longer than zero.`);
  return ms;
}

/** Formats milliseconds like .NET `TimeSpan.ToString()` (`[d.]hh:mm:ss[.fff]`), for schedule descriptions. */
export function formatTimeSpan(ms: number): string {
  const days = Math.floor(ms / MS_PER_DAY);
  const two = (n: number): string => String(n).padStart(2, '0');
  const hours = two(Math.floor((ms % MS_PER_DAY) / MS_PER_HOUR));
  const minutes = two(Math.floor((ms % MS_PER_HOUR) / MS_PER_MINUTE));
  const seconds = two(Math.floor((ms % MS_PER_MINUTE) / MS_PER_SECOND));
  const millis = ms % MS_PER_SECOND;
  const fraction = millis === 0 ? '' : `.${String(millis).padStart(3, '0')}`;
  return `${days > 0 ? `${days}.` : ''}${hours}:${minutes}:${seconds}${fraction}`;
}

/** A constant-interval schedule: every occurrence is `intervalMs` after the previous one (or after start). */
export function intervalSchedule(expression: string, intervalMs: number): TimerSchedule {
  return {
    kind: 'interval',
    expression,
    description: `Constant: ${formatTimeSpan(intervalMs)}`,
    adjustForDST: false,
    subMinute: intervalMs < MS_PER_MINUTE,
    next: (after) => new Date(after.getTime() + intervalMs),
  };
}
