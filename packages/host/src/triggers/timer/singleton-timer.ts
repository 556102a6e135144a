import type { BlobLeaseLock } from '../../storage/blob-lease-lock.js';
import type { TimerLog } from './timer-log.js';
import type { TimerScheduler } from './timer-scheduler.js';

/** What {@link startSingletonTimer} needs. */
export interface SingletonTimerOptions {
  readonly functionName: string;
  readonly lock: BlobLeaseLock;
  /** How long to wait before trying again for a lock another host holds. */
  readonly recoveryMs: number;
  /** Makes a new scheduler each time this host takes the lock. */
  readonly create: () => TimerScheduler;
  readonly log: TimerLog;
}

/** A timer that runs on one host at a time. */
export interface SingletonTimer {
  /** Stops the scheduler (waiting for a running tick), then releases the lock. */
  stop(): Promise<void>;
}

/**
 * Runs a timer only while this host holds its singleton lock, as the reference host wraps timer listeners
 * (BINDINGS.md 8.3): one try at start; without the lock, another try every `recoveryMs`; a lost lease stops
 * the scheduler and tries again.
 */
export function startSingletonTimer(options: SingletonTimerOptions): SingletonTimer {
  const { lock, log, functionName } = options;
  let stopped = false;
  let scheduler: TimerScheduler | undefined;
  let retry: NodeJS.Timeout | undefined;
  let attempt: Promise<void>;
  const later = (): void => {
    if (!stopped) retry = setTimeout(() => (attempt = tryOnce()), options.recoveryMs);
  };
  const tryOnce = async (): Promise<void> => {
    let held = false;
    try {
      held = await lock.tryAcquire();
    } catch (error) {
      log(
        'warning',
        `Timer '${functionName}': its lock '${lock.blobName}' could not be taken; trying again later.`,
        error,
      );
    }
    if (stopped) {
      if (held) await lock.release();
      return;
    }
    if (!held) return later();
    log('information', `Timer '${functionName}': this host holds its lock '${lock.blobName}' and runs it.`);
    const started = options.create();
    scheduler = started;
    lock.keep((error) => {
      log(
        'warning',
        `Timer '${functionName}': its lock was lost; it stops here until it is taken again.`,
        error,
      );
      scheduler = undefined;
      void started.stop().finally(later);
    });
    await started.start();
  };
  attempt = tryOnce();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(retry);
      await attempt.catch(() => undefined);
      await scheduler?.stop();
      await lock.release();
    },
  };
}
