import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readTimerTriggerBinding } from './timer-binding.js';
import { timerInfoJson, timerTriggerMetadata } from './timer-info.js';
import { TimerScheduleError } from './timer-schedule.js';

// Dates are formatted in the local zone, so each test pins one (node applies TZ changes at run time).
function inZone<T>(zone: string, run: () => T): T {
  const previous = process.env.TZ;
  process.env.TZ = zone;
  try {
    return run();
  } finally {
    if (previous === undefined) delete process.env.TZ;
    else process.env.TZ = previous;
  }
}

describe('timerInfoJson', () => {
  it('writes the PascalCase TimerInfo of the reference, dates with offset and DateTime.MinValue before a run', () => {
    const json = inZone('UTC', () =>
      timerInfoJson({
        isPastDue: false,
        adjustForDST: true,
        status: {
          last: null,
          next: new Date(Date.UTC(2026, 0, 1, 0, 5)),
          lastUpdated: new Date(Date.UTC(2026, 0, 1, 0, 0, 1, 250)),
        },
      }),
    );
    assert.equal(
      json,
      '{"Schedule":{"AdjustForDST":true},"ScheduleStatus":{"Last":"0001-01-01T00:00:00+00:00",' +
        '"Next":"2026-01-01T00:05:00+00:00","LastUpdated":"2026-01-01T00:00:01.25+00:00"},"IsPastDue":false}',
    );
  });

  it('uses the local offset of the host time zone', () => {
    const json = inZone('Asia/Kolkata', () =>
      timerInfoJson({
        isPastDue: true,
        adjustForDST: true,
        status: {
          last: new Date(Date.UTC(2026, 5, 1, 10, 0)),
          next: new Date(Date.UTC(2026, 5, 1, 10, 5)),
          lastUpdated: new Date(Date.UTC(2026, 5, 1, 10, 0, 0, 7)),
        },
      }),
    );
    assert.deepEqual(JSON.parse(json), {
      Schedule: { AdjustForDST: true },
      ScheduleStatus: {
        Last: '2026-06-01T15:30:00+05:30',
        Next: '2026-06-01T15:35:00+05:30',
        LastUpdated: '2026-06-01T15:30:00.007+05:30',
      },
      IsPastDue: true,
    });
  });

  it('writes ScheduleStatus null when the schedule is not monitored', () => {
    assert.equal(
      timerInfoJson({ isPastDue: false, adjustForDST: false, status: null }),
      '{"Schedule":{"AdjustForDST":false},"ScheduleStatus":null,"IsPastDue":false}',
    );
  });
});

describe('timerTriggerMetadata', () => {
  it('gives TimerTrigger as invariant-culture local date text', () => {
    const metadata = inZone('UTC', () => timerTriggerMetadata(new Date(Date.UTC(2026, 10, 5, 9, 3, 4))));
    assert.deepEqual(metadata, { TimerTrigger: '11/05/2026 09:03:04' });
  });
});

describe('readTimerTriggerBinding', () => {
  it('reads a timerTrigger binding with its defaults, ignoring other bindings', () => {
    assert.deepEqual(
      readTimerTriggerBinding({ type: 'timerTrigger', name: 'myTimer', schedule: '0 */5 * * * *' }),
      {
        name: 'myTimer',
        schedule: '0 */5 * * * *',
        runOnStartup: false,
        useMonitor: true,
      },
    );
    assert.deepEqual(
      readTimerTriggerBinding({
        type: 'TIMERTRIGGER',
        name: 't',
        schedule: '00:01:00',
        runOnStartup: true,
        useMonitor: 'false',
      }),
      { name: 't', schedule: '00:01:00', runOnStartup: true, useMonitor: false },
    );
    assert.equal(readTimerTriggerBinding({ type: 'httpTrigger', name: 'req' }), undefined);
  });

  it('rejects a timerTrigger without schedule or with a non-boolean flag', () => {
    assert.throws(() => readTimerTriggerBinding({ type: 'timerTrigger', name: 't' }), TimerScheduleError);
    assert.throws(
      () =>
        readTimerTriggerBinding({
          type: 'timerTrigger',
          name: 't',
          schedule: '* * * * * *',
          runOnStartup: 1,
        }),
      /runOnStartup must be true or false/,
    );
  });
});
