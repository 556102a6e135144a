/** A .NET TimeSpan text: `hh:mm:ss`, optionally `d.hh:mm:ss` and fractional seconds. */
const TIME_SPAN = /^(?:(\d+)\.)?(\d{1,2}):(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/;

/** TimeSpan.MaxValue (10675199.02:48:05.4775807) in whole milliseconds, rounded as parsed values are. */
export const MAX_TIME_SPAN_MS = 922_337_203_685_478;

/**
 * Parses a TimeSpan text into milliseconds.
 *
 * @returns undefined when the text is not a TimeSpan (or is beyond TimeSpan.MaxValue).
 */
export function parseTimeSpan(text: string): number | undefined {
  const match = TIME_SPAN.exec(text.trim());
  if (!match) return undefined;
  const [, days = '0', hours = '0', minutes = '0', seconds = '0'] = match;
  if (Number(minutes) > 59 || Number(seconds) >= 60) return undefined;
  const ms = Math.round(
    ((Number(days) * 24 + Number(hours)) * 3600 + Number(minutes) * 60 + Number(seconds)) * 1000,
  );
  return ms <= MAX_TIME_SPAN_MS ? ms : undefined;
}

/**
 * Writes milliseconds as .NET writes a TimeSpan (`TimeSpan.ToString()`): `[d.]hh:mm:ss[.fffffff]`, as in
 * the host's own messages ("Timeout value of 00:05:00 ...").
 */
export function formatTimeSpan(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const ticks = Math.round(Math.abs(ms) * 10_000);
  const totalSeconds = Math.floor(ticks / 10_000_000);
  const fraction = ticks % 10_000_000;
  const days = Math.floor(totalSeconds / 86_400);
  const clock = [
    Math.floor(totalSeconds / 3600) % 24,
    Math.floor(totalSeconds / 60) % 60,
    totalSeconds % 60,
  ].map((part) => String(part).padStart(2, '0'));
  return `${sign}${days > 0 ? `${days}.` : ''}${clock.join(':')}${fraction > 0 ? `.${String(fraction).padStart(7, '0')}` : ''}`;
}
