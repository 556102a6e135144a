import { MAX_TIMER_MS } from '../../time/long-timeout.js';
import { formatRoundTripDate } from './dotnet-dates.js';
import { ScheduleStatusFile, type ScheduleStatusStore } from './schedule-status-file.js';
import type { ScheduleStatus } from './timer-info.js';
import { timerInfoJson, timerTriggerMetadata } from './timer-info.js';
import type { TimerLog } from './timer-log.js';
import { safeLog } from './timer-log.js';
import type { TimerSchedule } from './timer-schedule.js';

/** Why a tick fired. */
export type TimerTickReason = 'schedule' | 'runOnStartup' | 'pastDue';

/** One firing of a timer: everything the host needs to build the InvocationRequest. */
export interface TimerTick {
  readonly functionName: string;
  /** The TimerInfo to send as the trigger input (`json` TypedData under the binding's name). */
  readonly timerInfoJson: string;
  /** Trigger metadata: `TimerTrigger` (send as `string` TypedData). */
  readonly triggerMetadata: { readonly TimerTrigger: string };
  readonly isPastDue: boolean;
  readonly reason: TimerTickReason;
  /** The occurrence this tick stands for; null for a runOnStartup tick. */
  readonly scheduledFor: Date | null;
}

/** Options of {@link TimerScheduler}. */
export interface TimerSchedulerOptions {
  readonly functionName: string;
  /** From parseTimerSchedule. */
  readonly schedule: TimerSchedule;
  /** Fire once right after start (default false). Ignored when a missed occurrence already fires at start. */
  readonly runOnStartup?: boolean;
  /**
   * Track the schedule status (default true). As in the reference, it is turned off for schedules that fire more
   * than once a minute; when off, TimerInfo carries `ScheduleStatus: null` and nothing is persisted.
   */
  readonly useMonitor?: boolean;
  /** Folder for the status file (see timerStatusDirectory); omit to keep the status in memory only. */
  readonly statusDirectory?: string;
  /** Where to keep the status instead of a folder (shared storage); wins over {@link statusDirectory}. */
  readonly statusStore?: ScheduleStatusStore;
  /** Runs the function; awaited, so ticks of one timer never overlap. A rejection is logged, never thrown. */
  readonly onTick: (tick: TimerTick) => Promise<void>;
  readonly log?: TimerLog;
  /** A tick that runs more than this late is past due (default 1000 ms; covers an event loop blocked a while). */
  readonly pastDueToleranceMs?: number;
}

const DEFAULT_PAST_DUE_TOLERANCE_MS = 1000;
// Bound on counting occurrences skipped behind a long invocation (only used for the log line).
const MAX_SKIPPED_COUNT = 1000;

/**
 * Fires one timer-triggered function on its schedule. `start()` reads the persisted status (when monitored) and
 * fires at once if an occurrence was missed while the host was down (`isPastDue: true`), else once for
 * `runOnStartup`, then on every occurrence. The next occurrence is computed after the previous invocation
 * completes: occurrences that fall while it still runs are skipped (logged as a warning), never run concurrently.
 * Nothing throws out of a timer callback: failures of `onTick`, of the status file and of the schedule are logged.
 */
export class TimerScheduler {
  readonly functionName: string;
  readonly schedule: TimerSchedule;
  /** Whether the schedule status is tracked (useMonitor and not a sub-minute schedule). */
  readonly monitored: boolean;
  private readonly options: TimerSchedulerOptions;
  private readonly log: TimerLog;
  private readonly file: ScheduleStatusStore | undefined;
  private readonly toleranceMs: number;
  private current: ScheduleStatus | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private state: 'new' | 'started' | 'stopped' = 'new';

  constructor(options: TimerSchedulerOptions) {
    this.options = options;
    this.functionName = options.functionName;
    this.schedule = options.schedule;
    this.monitored = options.useMonitor !== false && !options.schedule.subMinute;
    this.log = safeLog(options.log);
    this.toleranceMs = options.pastDueToleranceMs ?? DEFAULT_PAST_DUE_TOLERANCE_MS;
    const directory = this.monitored ? options.statusDirectory : undefined;
    this.file = !this.monitored
      ? undefined
      : (options.statusStore ??
        (directory === undefined ? undefined : new ScheduleStatusFile(directory, options.functionName)));
  }

  /** The current schedule status (in memory); undefined before start. */
  get status(): ScheduleStatus | undefined {
    return this.current;
  }

  /** The next `count` occurrences after `from`, for logs and diagnostics. */
  nextOccurrences(count: number, from: Date = new Date()): Date[] {
    const occurrences: Date[] = [];
    for (let at = from; occurrences.length < count;) occurrences.push((at = this.schedule.next(at)));
    return occurrences;
  }

  /** Starts the timer; resolves once the first firing is scheduled. Throws if already started. */
  async start(): Promise<void> {
    if (this.state !== 'new') throw new Error(`Timer '${this.functionName}' was already started.`);
    this.state = 'started';
    const now = new Date();
    const missed = await this.restoreStatus(now);
    const upcoming = this.nextOccurrences(5, now).map((date) => formatRoundTripDate(date));
    this.log(
      'information',
      `Timer '${this.functionName}': ${this.schedule.description}; next: ${upcoming.join(', ')}`,
    );
    if (missed) return this.fireSoon('pastDue', missed);
    if (this.options.runOnStartup) return this.fireSoon('runOnStartup', null);
    this.arm();
  }

  /** Stops firing and waits for a running invocation to finish. Safe to call more than once. */
  async stop(): Promise<void> {
    this.state = 'stopped';
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  // Loads the persisted status; returns the missed occurrence when the host was down past a due time.
  private async restoreStatus(now: Date): Promise<Date | undefined> {
    const stored = await this.readStored();
    if (stored?.schedule === this.schedule.expression) {
      this.current = stored.status;
      const late = now.getTime() - stored.status.next.getTime();
      return late > this.toleranceMs ? stored.status.next : undefined;
    }
    this.current = { last: null, next: this.schedule.next(now), lastUpdated: now };
    await this.persist();
    return undefined;
  }

  private async readStored(): Promise<Awaited<ReturnType<ScheduleStatusStore['read']>>> {
    try {
      return await this.file?.read();
    } catch (error) {
      this.log('warning', `Timer '${this.functionName}': could not read its status; starting afresh.`, error);
      return undefined;
    }
  }

  private fireSoon(reason: TimerTickReason, scheduledFor: Date | null): void {
    this.timer = setTimeout(() => void this.fire(reason, scheduledFor), 0);
  }

  private arm(): void {
    if (this.state !== 'started' || !this.current) return;
    const delay = this.current.next.getTime() - Date.now();
    this.timer = setTimeout(() => this.onTimer(), Math.min(Math.max(delay, 0), MAX_TIMER_MS));
  }

  private onTimer(): void {
    const due = this.current?.next;
    // Timers may wake a little early or after a partial wait of a long delay: wait again until really due.
    if (!due || Date.now() < due.getTime()) return this.arm();
    void this.fire('schedule', due);
  }

  private async fire(reason: TimerTickReason, scheduledFor: Date | null): Promise<void> {
    if (this.state !== 'started') return;
    const done = this.invoke(reason, scheduledFor);
    this.running = done;
    await done;
    this.running = undefined;
    this.arm();
  }

  private async invoke(reason: TimerTickReason, scheduledFor: Date | null): Promise<void> {
    const firedAt = new Date();
    const late =
      reason === 'schedule' &&
      scheduledFor !== null &&
      firedAt.getTime() - scheduledFor.getTime() > this.toleranceMs;
    const isPastDue = reason === 'pastDue' || late;
    if (isPastDue)
      this.log(
        'information',
        `Timer '${this.functionName}' is past due (due ${formatRoundTripDate(scheduledFor)}).`,
      );
    const tick: TimerTick = {
      functionName: this.functionName,
      timerInfoJson: timerInfoJson({
        isPastDue,
        adjustForDST: this.schedule.adjustForDST,
        status: this.monitored ? (this.current ?? null) : null,
      }),
      triggerMetadata: timerTriggerMetadata(firedAt),
      isPastDue,
      reason,
      scheduledFor,
    };
    try {
      await this.options.onTick(tick);
    } catch (error) {
      this.log('error', `Timer '${this.functionName}': the invocation failed.`, error);
    }
    // An on-time tick counts from its due time so interval schedules do not drift by the timer's lateness.
    const last = reason === 'schedule' && !late && scheduledFor ? scheduledFor : firedAt;
    await this.record(last);
  }

  private async record(last: Date): Promise<void> {
    try {
      const finished = new Date();
      let next = this.schedule.next(last);
      if (next <= finished) next = this.skipMissed(next, finished);
      this.current = { last, next, lastUpdated: finished };
      await this.persist();
    } catch (error) {
      this.log(
        'error',
        `Timer '${this.functionName}': could not compute its next occurrence; it stops.`,
        error,
      );
      this.state = 'stopped';
    }
  }

  // Occurrences that fell while the previous invocation ran are dropped, not run back to back.
  private skipMissed(first: Date, finished: Date): Date {
    let skipped = 0;
    for (let at = first; at <= finished && skipped < MAX_SKIPPED_COUNT; at = this.schedule.next(at))
      skipped++;
    const more = skipped === MAX_SKIPPED_COUNT ? '+' : '';
    this.log(
      'warning',
      `Timer '${this.functionName}': skipped ${skipped}${more} occurrence(s) while the previous invocation was running.`,
    );
    return this.schedule.next(finished);
  }

  private async persist(): Promise<void> {
    if (!this.file || !this.current) return;
    try {
      await this.file.write({ schedule: this.schedule.expression, status: this.current });
    } catch (error) {
      this.log(
        'warning',
        `Timer '${this.functionName}': could not save its status to ${this.file.location}.`,
        error,
      );
    }
  }
}
