import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTimerScheduler } from './create-timer-scheduler.js';
import { parseTimerSchedule } from './parse-timer-schedule.js';
import { ScheduleStatusFile, timerStatusDirectory } from './schedule-status-file.js';
import type { TimerLogLevel } from './timer-log.js';
import type { TimerSchedulerOptions, TimerTick } from './timer-scheduler.js';
import { TimerScheduler } from './timer-scheduler.js';

interface Harness {
  readonly scheduler: TimerScheduler;
  readonly ticks: TimerTick[];
  readonly logs: { level: TimerLogLevel; message: string }[];
  /** Resolves once `count` ticks have completed. */
  ticked(count: number): Promise<void>;
}

function harness(
  options: Omit<TimerSchedulerOptions, 'onTick' | 'log'>,
  onTick: (tick: TimerTick, index: number) => Promise<void> = async () => {},
): Harness {
  const ticks: TimerTick[] = [];
  const logs: Harness['logs'] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const scheduler = new TimerScheduler({
    ...options,
    log: (level, message) => logs.push({ level, message }),
    onTick: async (tick) => {
      ticks.push(tick);
      try {
        await onTick(tick, ticks.length - 1);
      } finally {
        for (const waiter of waiters) if (ticks.length >= waiter.count) waiter.resolve();
      }
    },
  });
  const ticked = (count: number): Promise<void> =>
    new Promise((resolve) => (ticks.length >= count ? resolve() : waiters.push({ count, resolve })));
  return { scheduler, ticks, logs, ticked };
}

const timerInfo = (tick: TimerTick | undefined): Record<string, unknown> =>
  JSON.parse(tick?.timerInfoJson ?? 'null');

let appDirectory = '';
before(async () => {
  appDirectory = await mkdtemp(join(tmpdir(), 'timer-spec-'));
});
after(async () => {
  await rm(appDirectory, { recursive: true, force: true });
});

describe('TimerScheduler', () => {
  it(
    'fires a one-second schedule for real, keeps going after a failed invocation, and reports it',
    { timeout: 10_000 },
    async () => {
      const { scheduler, ticks, logs, ticked } = harness(
        // A generous tolerance: this test checks on-time ticks, not how loaded the machine is.
        {
          functionName: 'everySecond',
          schedule: parseTimerSchedule('* * * * * *'),
          pastDueToleranceMs: 10_000,
        },
        async (_tick, index) => {
          if (index === 0) throw new Error('first invocation fails');
        },
      );
      try {
        await scheduler.start();
        await ticked(2);
      } finally {
        await scheduler.stop();
      }
      const [first, second] = ticks;
      assert.ok(first && second);
      for (const tick of [first, second]) {
        assert.equal(tick.reason, 'schedule');
        assert.equal(tick.isPastDue, false);
        assert.equal(tick.scheduledFor?.getMilliseconds(), 0);
        assert.match(tick.triggerMetadata.TimerTrigger, /^\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d$/);
        // Sub-minute schedules are not monitored, as in the reference.
        assert.deepEqual(timerInfo(tick), {
          Schedule: { AdjustForDST: true },
          ScheduleStatus: null,
          IsPastDue: false,
        });
      }
      assert.ok(second.scheduledFor! > first.scheduledFor!);
      assert.equal(scheduler.monitored, false);
      assert.ok(logs.some((log) => log.level === 'error' && /everySecond.*failed/.test(log.message)));
    },
  );

  it(
    'runs once on startup, then waits for the schedule; stop waits for the running invocation',
    { timeout: 10_000 },
    async () => {
      let finished = false;
      const { scheduler, ticks, ticked } = harness(
        { functionName: 'yearly', schedule: parseTimerSchedule('0 0 0 1 1 *'), runOnStartup: true },
        async () => {
          await sleep(300);
          finished = true;
        },
      );
      try {
        await scheduler.start();
        await new Promise((resolve) => setImmediate(resolve));
        await sleep(50);
        assert.equal(ticks.length, 1, 'the startup tick is running');
        await scheduler.stop();
        assert.equal(finished, true, 'stop resolved only after the invocation completed');
        await ticked(1);
      } finally {
        await scheduler.stop();
      }
      const [tick] = ticks;
      assert.equal(tick?.reason, 'runOnStartup');
      assert.equal(tick.isPastDue, false);
      assert.equal(tick.scheduledFor, null);
      const info = timerInfo(tick) as { ScheduleStatus: { Last: string } };
      assert.equal(info.ScheduleStatus.Last, '0001-01-01T00:00:00+00:00');
      const status = scheduler.status;
      assert.ok(status?.last, 'the startup run is recorded as Last');
      assert.deepEqual(status.next, new Date(new Date().getFullYear() + 1, 0, 1));
    },
  );

  it(
    'creates the status file on demand and fires past due after a downtime that spanned a due time',
    { timeout: 10_000 },
    async () => {
      const directory = timerStatusDirectory(appDirectory);
      const file = new ScheduleStatusFile(directory, 'cleanup');
      const binding = { name: 'timer', schedule: '0 */5 * * * *', runOnStartup: false, useMonitor: true };

      // First start: no status yet, so it is written with the next occurrence and nothing fires.
      const fresh = createTimerScheduler({
        functionName: 'cleanup',
        binding,
        appDirectory,
        onTick: async () => {},
      });
      await fresh.start();
      await fresh.stop();
      const written = await file.read();
      assert.equal(written?.schedule, '0 */5 * * * *');
      assert.equal(written.status.last, null);
      assert.ok(written.status.next > new Date());

      // Simulate a host that was down past a due time: the stored Next lies ten minutes in the past.
      const missed = new Date(Date.now() - 10 * 60_000);
      missed.setSeconds(0, 0);
      await file.write({
        schedule: '0 */5 * * * *',
        status: {
          last: new Date(missed.getTime() - 5 * 60_000),
          next: missed,
          lastUpdated: new Date(missed.getTime() - 5 * 60_000),
        },
      });
      const { scheduler, ticks, ticked } = harness({
        functionName: 'cleanup',
        schedule: parseTimerSchedule(binding.schedule),
        statusDirectory: directory,
      });
      try {
        await scheduler.start();
        await ticked(1);
      } finally {
        await scheduler.stop();
      }
      const [tick] = ticks;
      assert.equal(tick?.reason, 'pastDue');
      assert.equal(tick.isPastDue, true);
      assert.deepEqual(tick.scheduledFor, missed);
      const info = timerInfo(tick) as { IsPastDue: boolean; ScheduleStatus: { Next: string } };
      assert.equal(info.IsPastDue, true);
      assert.equal(new Date(info.ScheduleStatus.Next).getTime(), missed.getTime());

      const after = await file.read();
      assert.ok(after?.status.last && after.status.last > missed, 'Last is the catch-up run');
      assert.ok(after.status.next > new Date(), 'Next is in the future again');
      assert.match(await readFile(file.path, 'utf8'), /^\{"Schedule":"0 \*\/5 \* \* \* \*","Last":"/);
    },
  );

  it(
    'ignores a stored status written for another schedule or unreadable, instead of firing past due',
    { timeout: 10_000 },
    async () => {
      const directory = timerStatusDirectory(appDirectory);
      const past = new Date(Date.now() - 60 * 60_000);
      await new ScheduleStatusFile(directory, 'changed').write({
        schedule: '0 0 * * * *',
        status: { last: null, next: past, lastUpdated: past },
      });
      await writeFile(new ScheduleStatusFile(directory, 'corrupt').path, '{not json');
      for (const functionName of ['changed', 'corrupt']) {
        const { scheduler, ticks, logs } = harness({
          functionName,
          schedule: parseTimerSchedule('0 */5 * * * *'),
          statusDirectory: directory,
        });
        try {
          await scheduler.start();
          await sleep(100);
        } finally {
          await scheduler.stop();
        }
        assert.equal(ticks.length, 0, `${functionName}: nothing fires`);
        assert.ok(scheduler.status && scheduler.status.next > new Date());
        assert.equal(
          logs.some((log) => log.level === 'warning'),
          functionName === 'corrupt',
        );
        assert.equal(
          (await new ScheduleStatusFile(directory, functionName).read())?.schedule,
          '0 */5 * * * *',
        );
      }
    },
  );

  it(
    'never overlaps ticks of one function: occurrences during a long invocation are skipped and logged',
    { timeout: 10_000 },
    async () => {
      let active = 0;
      let maxActive = 0;
      const { scheduler, ticks, logs, ticked } = harness(
        { functionName: 'slow', schedule: parseTimerSchedule('* * * * * *'), pastDueToleranceMs: 10_000 },
        async (_tick, index) => {
          maxActive = Math.max(maxActive, ++active);
          if (index === 0) await sleep(1500);
          active--;
        },
      );
      try {
        await scheduler.start();
        await ticked(2);
      } finally {
        await scheduler.stop();
      }
      assert.equal(maxActive, 1);
      const [first, second] = ticks;
      assert.ok(first?.scheduledFor && second?.scheduledFor);
      assert.ok(
        second.scheduledFor.getTime() - first.scheduledFor.getTime() >= 2000,
        'the occurrence during the run was skipped',
      );
      assert.ok(
        logs.some((log) => log.level === 'warning' && /slow.*skipped \d+ occurrence/.test(log.message)),
      );
    },
  );

  it(
    'marks a tick past due when it runs later than the tolerance (an event loop blocked past the due time)',
    { timeout: 10_000 },
    async () => {
      const { scheduler, ticks, ticked } = harness({
        functionName: 'blocked',
        schedule: parseTimerSchedule('* * * * * *'),
        pastDueToleranceMs: 100,
      });
      try {
        await scheduler.start();
        const due = scheduler.status!.next.getTime();
        // Block the event loop until well after the first due time: the timer cannot fire on time.
        while (Date.now() < due + 400) {
          /* busy wait on purpose */
        }
        await ticked(1);
      } finally {
        await scheduler.stop();
      }
      assert.equal(ticks[0]?.reason, 'schedule');
      assert.equal(ticks[0].isPastDue, true);
    },
  );
});
