import { parseTimerSchedule } from './parse-timer-schedule.js';
import { timerStatusDirectory } from './schedule-status-file.js';
import type { TimerTriggerBinding } from './timer-binding.js';
import type { TimerSchedulerOptions } from './timer-scheduler.js';
import { TimerScheduler } from './timer-scheduler.js';

/** What the host knows about a timer-triggered function when it wires it in. */
export interface TimerFunctionOptions extends Pick<
  TimerSchedulerOptions,
  'onTick' | 'log' | 'pastDueToleranceMs'
> {
  readonly functionName: string;
  /** From readTimerTriggerBinding. */
  readonly binding: TimerTriggerBinding;
  /** App settings used to resolve `%Name%` in the schedule (default process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The function app folder; statuses are persisted under `<appDirectory>/.fnrpc/timers`. Omit for memory only. */
  readonly appDirectory?: string;
  /** Keeps the status there instead (shared storage). */
  readonly statusStore?: TimerSchedulerOptions['statusStore'];
}

/**
 * Builds (does not start) the scheduler of one timer-triggered function from its binding. Throws
 * TimerScheduleError for a bad schedule: the host should then report the function as failed to load.
 */
export function createTimerScheduler(options: TimerFunctionOptions): TimerScheduler {
  const { binding, appDirectory } = options;
  return new TimerScheduler({
    functionName: options.functionName,
    schedule: parseTimerSchedule(binding.schedule, options.env),
    runOnStartup: binding.runOnStartup,
    useMonitor: binding.useMonitor,
    statusDirectory: appDirectory === undefined ? undefined : timerStatusDirectory(appDirectory),
    statusStore: options.statusStore,
    onTick: options.onTick,
    log: options.log,
    pastDueToleranceMs: options.pastDueToleranceMs,
  });
}
