import { TimerScheduleError } from './timer-schedule.js';

/** The settings of a `timerTrigger` binding, as found in function metadata (`raw_bindings` JSON). */
export interface TimerTriggerBinding {
  /** The input binding's name: the TimerInfo is sent as the input data of that name. */
  readonly name: string;
  /** NCRONTAB expression, TimeSpan, or `%AppSetting%` reference (resolved by parseTimerSchedule). */
  readonly schedule: string;
  /** Fire once as soon as the timer starts (default false). */
  readonly runOnStartup: boolean;
  /** Track and persist the schedule status to detect missed occurrences (default true). */
  readonly useMonitor: boolean;
}

/**
 * Reads a parsed binding object. Returns undefined when it is not a `timerTrigger` (type compared
 * case-insensitively, like the Node library); throws {@link TimerScheduleError} when it is one but is malformed.
 */
export function readTimerTriggerBinding(
  binding: Readonly<Record<string, unknown>>,
): TimerTriggerBinding | undefined {
  if (typeof binding.type !== 'string' || binding.type.toLowerCase() !== 'timertrigger') return undefined;
  const name = typeof binding.name === 'string' ? binding.name : '';
  if (typeof binding.schedule !== 'string' || binding.schedule.trim() === '') {
    throw new TimerScheduleError(`timerTrigger binding '${name}' has no schedule.`);
  }
  return {
    name,
    schedule: binding.schedule,
    runOnStartup: flag(binding, 'runOnStartup', false),
    useMonitor: flag(binding, 'useMonitor', true),
  };
}

function flag(binding: Readonly<Record<string, unknown>>, key: string, fallback: boolean): boolean {
  const value = binding[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'boolean') return value;
  // function.json written by hand sometimes carries "true"/"false" strings; the reference's JSON binding accepts them.
  if (value === 'true' || value === 'false') return value === 'true';
  throw new TimerScheduleError(
    `timerTrigger binding '${String(binding.name)}': ${key} must be true or false.`,
  );
}
