const two = (n: number): string => String(n).padStart(2, '0');

/** `DateTime.MinValue`, which the reference writes as `ScheduleStatus.Last` before a timer's first run. */
export const MIN_DATE_TEXT = '0001-01-01T00:00:00+00:00';

/**
 * Formats `date` in the local time zone the way Newtonsoft.Json writes a local .NET DateTime
 * (`2016-10-04T10:15:00+00:00`, fraction only when non-zero), which is how TimerInfo dates reach the worker.
 * `null` stands for `DateTime.MinValue`.
 */
export function formatRoundTripDate(date: Date | null): string {
  if (date === null) return MIN_DATE_TEXT;
  const millis = date.getMilliseconds();
  const fraction = millis === 0 ? '' : `.${String(millis).padStart(3, '0').replace(/0+$/, '')}`;
  return `${localDate(date)}T${localTime(date)}${fraction}${localOffset(date)}`;
}

/** Formats `date` as .NET `DateTime.Now.ToString()` under the invariant culture: `MM/dd/yyyy HH:mm:ss`. */
export function formatInvariantDate(date: Date): string {
  return `${two(date.getMonth() + 1)}/${two(date.getDate())}/${date.getFullYear()} ${localTime(date)}`;
}

function localDate(date: Date): string {
  return `${String(date.getFullYear()).padStart(4, '0')}-${two(date.getMonth() + 1)}-${two(date.getDate())}`;
}

function localTime(date: Date): string {
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

function localOffset(date: Date): string {
  const minutes = -date.getTimezoneOffset();
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
}
