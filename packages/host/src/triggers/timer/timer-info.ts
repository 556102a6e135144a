import { formatInvariantDate, formatRoundTripDate } from './dotnet-dates.js';

/** The schedule status of a timer (the reference's ScheduleStatus); `last: null` means it never ran. */
export interface ScheduleStatus {
  /** When the timer last fired (its due time when it fired on time), or null before the first run. */
  readonly last: Date | null;
  /** The next due occurrence. */
  readonly next: Date;
  /** When this status was last written. */
  readonly lastUpdated: Date;
}

/** What a TimerInfo carries; `status` is null when schedule monitoring is off (as the reference). */
export interface TimerInfoFields {
  readonly isPastDue: boolean;
  readonly adjustForDST: boolean;
  readonly status: ScheduleStatus | null;
}

/**
 * The TimerInfo as the host sends it to the worker (the `json` TypedData of the trigger input), with the
 * reference's PascalCase names and property order:
 * `{"Schedule":{"AdjustForDST":true},"ScheduleStatus":{"Last":…,"Next":…,"LastUpdated":…},"IsPastDue":false}`.
 */
export function timerInfoJson({ isPastDue, adjustForDST, status }: TimerInfoFields): string {
  return JSON.stringify({
    Schedule: { AdjustForDST: adjustForDST },
    ScheduleStatus: status && {
      Last: formatRoundTripDate(status.last),
      Next: formatRoundTripDate(status.next),
      LastUpdated: formatRoundTripDate(status.lastUpdated),
    },
    IsPastDue: isPastDue,
  });
}

/** The timer trigger's metadata (binding data): `TimerTrigger`, the firing time as text (a `string` TypedData). */
export function timerTriggerMetadata(firedAt: Date): { readonly TimerTrigger: string } {
  return { TimerTrigger: formatInvariantDate(firedAt) };
}
