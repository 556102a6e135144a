/** A .NET TimeSpan text: `hh:mm:ss`, optionally `d.hh:mm:ss` and fractional seconds. */
const TIME_SPAN = /^(?:(\d+)\.)?(\d{1,2}):(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/;

/**
 * Parses a TimeSpan text into milliseconds.
 *
 * @returns undefined when the text is not a TimeSpan.
 */
export function parseTimeSpan(text: string): number | undefined {
  const match = TIME_SPAN.exec(text.trim());
  if (!match) return undefined;
  const [, days = '0', hours = '0', minutes = '0', seconds = '0'] = match;
  if (Number(minutes) > 59 || Number(seconds) >= 60) return undefined;
  return Math.round(
    ((Number(days) * 24 + Number(hours)) * 3600 + Number(minutes) * 60 + Number(seconds)) * 1000,
  );
}
