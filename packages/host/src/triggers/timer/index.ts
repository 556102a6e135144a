/**
 * Timer trigger of the host: NCRONTAB / TimeSpan schedules, a scheduler per function, and the TimerInfo payload.
 *
 * Wiring, per function whose bindings contain a timerTrigger:
 * ```ts
 * const binding = readTimerTriggerBinding(rawBinding); // undefined when not a timer
 * const timer = createTimerScheduler({ functionName, binding, env, appDirectory, log,
 *   onTick: async (tick) => invoke(functionName, {
 *     inputData: { [binding.name]: json(tick.timerInfoJson) },
 *     triggerMetadata: { TimerTrigger: string(tick.triggerMetadata.TimerTrigger) } }) });
 * await timer.start(); // after the worker loaded the function
 * await timer.stop();  // on shutdown, before the worker is terminated
 * ```
 * @module
 */
export { createTimerScheduler, type TimerFunctionOptions } from './create-timer-scheduler.js';
export { formatInvariantDate, formatRoundTripDate } from './dotnet-dates.js';
export { parseTimerSchedule } from './parse-timer-schedule.js';
export { ScheduleStatusFile, timerStatusDirectory, type PersistedStatus } from './schedule-status-file.js';
export { ScheduleStatusBlob } from './schedule-status-blob.js';
export { startSingletonTimer, type SingletonTimer } from './singleton-timer.js';
export { readTimerTriggerBinding, type TimerTriggerBinding } from './timer-binding.js';
export {
  timerInfoJson,
  timerTriggerMetadata,
  type ScheduleStatus,
  type TimerInfoFields,
} from './timer-info.js';
export type { TimerLog, TimerLogLevel } from './timer-log.js';
export { TimerScheduleError, type TimerSchedule } from './timer-schedule.js';
export {
  TimerScheduler,
  type TimerSchedulerOptions,
  type TimerTick,
  type TimerTickReason,
} from './timer-scheduler.js';
