import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTimerSchedule } from './parse-timer-schedule.js';
import { TimerScheduleError } from './timer-schedule.js';

// Local-time dates: cron schedules are evaluated in the process's time zone, like the reference.
const at = (month: number, day: number, hour = 0, minute = 0, second = 0): Date =>
  new Date(2026, month - 1, day, hour, minute, second);

function occurrences(expression: string, from: Date, count: number, env = {}): Date[] {
  const schedule = parseTimerSchedule(expression, env);
  const result: Date[] = [];
  for (let next = from; result.length < count;) result.push((next = schedule.next(next)));
  return result;
}

function rejects(expression: string, message: RegExp, env = {}): void {
  assert.throws(
    () => parseTimerSchedule(expression, env),
    (error: unknown) => {
      assert.ok(error instanceof TimerScheduleError, `expected TimerScheduleError for '${expression}'`);
      assert.match(error.message, message);
      return true;
    },
  );
}

describe('parseTimerSchedule: NCRONTAB', () => {
  it('computes occurrences of a six-field expression with seconds', () => {
    assert.deepEqual(occurrences('0 */5 * * * *', at(1, 1, 0, 2, 30), 3), [
      at(1, 1, 0, 5),
      at(1, 1, 0, 10),
      at(1, 1, 0, 15),
    ]);
    assert.deepEqual(occurrences('*/15 * * * * *', at(1, 1, 0, 0, 59), 2), [
      at(1, 1, 0, 1, 0),
      at(1, 1, 0, 1, 15),
    ]);
  });

  it('returns an occurrence strictly after the given time', () => {
    assert.deepEqual(occurrences('0 0 * * * *', at(1, 1, 5), 1), [at(1, 1, 6)]);
  });

  it('understands day and month names, ranges, steps and lists', () => {
    // 2026-01-03 is a Saturday.
    assert.deepEqual(occurrences('0 30 9 * * MON-FRI', at(1, 3), 2), [at(1, 5, 9, 30), at(1, 6, 9, 30)]);
    assert.deepEqual(occurrences('0 0 0 1 jan,JUL *', at(1, 1), 2), [at(7, 1), new Date(2027, 0, 1)]);
    assert.deepEqual(occurrences('0 0 8,12,18 * * *', at(1, 1, 9), 2), [at(1, 1, 12), at(1, 1, 18)]);
    assert.deepEqual(occurrences('5/20 * * * * *', at(1, 1), 3), [
      at(1, 1, 0, 0, 5),
      at(1, 1, 0, 0, 25),
      at(1, 1, 0, 0, 45),
    ]);
    // Day-of-week 1-5/2 = Monday, Wednesday, Friday; Sunday is 0.
    assert.deepEqual(occurrences('0 0 12 * * 1-5/2', at(1, 3), 3), [
      at(1, 5, 12),
      at(1, 7, 12),
      at(1, 9, 12),
    ]);
    assert.deepEqual(occurrences('0 0 0 * * 0', at(1, 1), 1), [at(1, 4)]);
  });

  it('requires both a restricted day and a restricted day-of-week to match, as NCRONTAB', () => {
    // Friday the 13th: the first in 2026 is in February.
    assert.deepEqual(occurrences('0 0 0 13 * FRI', at(1, 1), 2), [at(2, 13), at(3, 13)]);
  });

  it('accepts a five-field expression as minutes-first, firing at second 0 (as the WebJobs extension)', () => {
    assert.deepEqual(occurrences('30 9 * * *', at(1, 1, 10), 1), [at(1, 2, 9, 30)]);
    assert.equal(parseTimerSchedule('*/5 * * * *').kind, 'cron');
  });

  it('describes the schedule and flags sub-minute schedules (which turn monitoring off)', () => {
    const everySecond = parseTimerSchedule('* * * * * *');
    assert.equal(everySecond.description, "Cron: '* * * * * *'");
    assert.equal(everySecond.adjustForDST, true);
    assert.equal(everySecond.subMinute, true);
    assert.equal(parseTimerSchedule('0 * * * * *').subMinute, false);
    assert.equal(parseTimerSchedule('*/10 * 9 * * *').subMinute, false);
  });

  it('rejects expressions that are not NCRONTAB with a message naming the field', () => {
    rejects('60 * * * * *', /second field: 60 is outside 0-59/);
    rejects('0 0 24 * * *', /hour field: 24 is outside 0-23/);
    rejects('0 0 0 0 * *', /day field: 0 is outside 1-31/);
    rejects('0 0 0 * 13 *', /month field: 13 is outside 1-12/);
    rejects('0 0 0 * * 7', /day-of-week field: 7 is outside 0-6/);
    rejects('0 0 0 L * *', /day field: 'L'/);
    rejects('0 0 0 * * 5#2', /day-of-week field: '5#2' is not NCRONTAB syntax/);
    rejects('0 0 0 ? * MON', /day field: '\?' is not NCRONTAB syntax/);
    rejects('*/0 * * * * *', /step '\/0' must be at least 1/);
    rejects('0 0 0 10-5 * *', /range '10-5' goes backwards/);
    rejects('0 0 0 * FOO *', /month field: 'FOO' is not a number or name/);
    rejects('0 0 0 31 2 *', /never occurs/);
  });

  it('rejects text that is neither cron nor TimeSpan, and empty schedules', () => {
    rejects('* * * *', /neither an NCRONTAB expression .* nor a TimeSpan/);
    rejects('0 0 0 * * * 2026', /neither an NCRONTAB expression/);
    rejects('every minute', /neither an NCRONTAB expression/);
    rejects('   ', /empty/);
  });
});

describe('parseTimerSchedule: TimeSpan', () => {
  it('reads hh:mm:ss, d.hh:mm:ss, hh:mm and fractions as constant intervals', () => {
    const thirty = parseTimerSchedule('00:00:30');
    assert.equal(thirty.kind, 'interval');
    assert.equal(thirty.description, 'Constant: 00:00:30');
    assert.equal(thirty.adjustForDST, false);
    assert.equal(thirty.subMinute, true);
    assert.deepEqual(thirty.next(at(1, 1, 0, 0, 10)), at(1, 1, 0, 0, 40));
    assert.deepEqual(parseTimerSchedule('1.02:03:04').next(at(1, 1)), at(1, 2, 2, 3, 4));
    assert.deepEqual(parseTimerSchedule('01:30').next(at(1, 1)), at(1, 1, 1, 30));
    assert.equal(parseTimerSchedule('00:00:01.5').next(at(1, 1)).getTime() - at(1, 1).getTime(), 1500);
    assert.equal(parseTimerSchedule('00:05:00').subMinute, false);
  });

  it('rejects zero and out-of-range TimeSpans', () => {
    rejects('00:00:00', /must be longer than zero/);
    rejects('24:00:00', /out of range/);
    rejects('00:60:00', /out of range/);
  });
});

describe('parseTimerSchedule: %AppSetting%', () => {
  it('resolves settings from the given environment, anywhere in the text', () => {
    const env = { TIMER_SCHEDULE: '0 0 */2 * * *', TIMER_MINUTE: '15' };
    assert.deepEqual(occurrences('%TIMER_SCHEDULE%', at(1, 1, 1), 1, env), [at(1, 1, 2)]);
    assert.deepEqual(occurrences('0 %TIMER_MINUTE% 10 * * *', at(1, 1), 1, env), [at(1, 1, 10, 15)]);
    assert.equal(parseTimerSchedule('%INTERVAL%', { INTERVAL: '00:10:00' }).kind, 'interval');
  });

  it('rejects a missing or empty setting, naming it', () => {
    rejects('%NOPE%', /app setting 'NOPE', which is not set/);
    rejects('%EMPTY%', /app setting 'EMPTY'/, { EMPTY: ' ' });
  });
});
