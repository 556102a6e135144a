import type { FunctionInfo } from '../functions/function-info.js';
import { isTimerTrigger } from '../functions/function-info.js';
import { timerInput } from '../functions/trigger-input.js';
import type { HostLogger } from '../log/host-logger.js';
import type { LogLevel } from '../log/log-level.js';
import type { ContainerClient } from '@azure/storage-blob';
import { BlobLeaseLock } from '../storage/blob-lease-lock.js';
import type { TimerLog, TimerScheduler, TimerTick } from '../triggers/timer/index.js';
import type { Dispatcher } from './dispatcher.js';

/** What the timers need. */
export interface TimerTriggerContext {
  readonly dispatcher: Dispatcher;
  readonly logger: HostLogger;
  readonly appDir: string;
  /** App settings and environment, for `%Name%` schedules. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** With storage configured: the status blobs and singleton locks all hosts of the app share. */
  readonly shared?: SharedTimerStorage | undefined;
}

/** Where the hosts of one app (one host id) coordinate their timers. */
export interface SharedTimerStorage {
  /** The `azure-webjobs-hosts` container of AzureWebJobsStorage. */
  readonly container: ContainerClient;
  readonly hostId: string;
  /** host.json `singleton.listenerLockPeriod`. */
  readonly lockPeriodMs: number;
  /** host.json `singleton.listenerLockRecoveryPollingInterval`. */
  readonly recoveryMs: number;
}

/** A started timer: its own scheduler, or one that runs only while this host holds the timer's lock. */
export interface StartedTimer {
  stop(): Promise<void>;
}

const LEVELS: Record<string, LogLevel> = {
  debug: 'Debug',
  information: 'Information',
  warning: 'Warning',
  error: 'Error',
};

/**
 * Starts one scheduler per enabled timer-triggered function; each tick invokes the function with the
 * TimerInfo the scheduler built. A function with a bad schedule is logged and not scheduled.
 *
 * @returns the started schedulers, to stop on shutdown.
 */
export async function startTimers(
  functions: readonly FunctionInfo[],
  context: TimerTriggerContext,
): Promise<StartedTimer[]> {
  const schedulers: StartedTimer[] = [];
  const timed = functions.filter((f) => isTimerTrigger(f) && !f.disabled);
  if (timed.length === 0) return schedulers;
  // Loaded only for apps with timers, keeping it off every other start-up.
  const timers = await import('../triggers/timer/index.js');
  const { createTimerScheduler, readTimerTriggerBinding } = timers;
  const { shared } = context;
  for (const fn of timed) {
    const category = `Function.${fn.name}`;
    try {
      const binding = readTimerTriggerBinding(fn.trigger.settings);
      if (!binding) continue;
      const log: TimerLog = (level, message, error) =>
        context.logger.log(LEVELS[level] ?? 'Information', category, message, {
          functionName: fn.name,
          ...(error
            ? { exception: error instanceof Error ? (error.stack ?? error.message) : String(error) }
            : {}),
        });
      const expression = timers.parseTimerSchedule(binding.schedule, context.env).expression;
      const create = (): TimerScheduler =>
        createTimerScheduler({
          functionName: fn.name,
          binding,
          env: context.env,
          appDirectory: context.appDir,
          log,
          onTick: async (tick) => void (await fire(fn, tick, context)),
          ...(shared
            ? {
                statusStore: new timers.ScheduleStatusBlob(
                  shared.container,
                  shared.hostId,
                  fn.name,
                  expression,
                ),
              }
            : {}),
        });
      if (shared) {
        const lockId = `${shared.hostId}/Host.Functions.${fn.name}.Listener`;
        const lock = new BlobLeaseLock(shared.container, lockId, shared.lockPeriodMs);
        schedulers.push(
          timers.startSingletonTimer({
            functionName: fn.name,
            lock,
            recoveryMs: shared.recoveryMs,
            create,
            log,
          }),
        );
        continue;
      }
      const scheduler = create();
      await scheduler.start();
      schedulers.push(scheduler);
    } catch (error) {
      context.logger.log(
        'Error',
        category,
        `The timer of '${fn.name}' was not started: ${(error as Error).message}`,
        {
          functionName: fn.name,
        },
      );
    }
  }
  return schedulers;
}

function fire(fn: FunctionInfo, tick: TimerTick, context: TimerTriggerContext): Promise<unknown> {
  const { inputData, triggerMetadata } = timerInput(
    fn,
    tick.timerInfoJson,
    tick.triggerMetadata.TimerTrigger,
  );
  const reason =
    tick.reason === 'schedule'
      ? `Timer fired at ${new Date().toISOString()}`
      : `Timer fired (${tick.reason})`;
  return context.dispatcher.invoke(fn, inputData, triggerMetadata, reason);
}
