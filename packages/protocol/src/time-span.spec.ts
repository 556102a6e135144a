import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatTimeSpan, MAX_TIME_SPAN_MS, parseTimeSpan } from './time-span.js';

describe('TimeSpan text', () => {
  it('writes milliseconds as .NET writes a TimeSpan', () => {
    assert.equal(formatTimeSpan(5000), '00:00:05');
    assert.equal(formatTimeSpan(1500), '00:00:01.5000000');
    assert.equal(formatTimeSpan(30 * 60_000), '00:30:00');
    assert.equal(formatTimeSpan(30 * 86_400_000 + 3_723_000), '30.01:02:03');
    assert.equal(formatTimeSpan(-86_400_000), '-1.00:00:00');
  });

  it('reads every TimeSpan up to TimeSpan.MaxValue, and nothing beyond', () => {
    assert.equal(parseTimeSpan('30.00:00:00'), 30 * 86_400_000);
    assert.equal(parseTimeSpan('10675199.02:48:05.4775807'), MAX_TIME_SPAN_MS);
    assert.equal(parseTimeSpan('10675200.00:00:00'), undefined);
    assert.equal(parseTimeSpan(formatTimeSpan(123_456_789)), 123_456_789);
  });
});
