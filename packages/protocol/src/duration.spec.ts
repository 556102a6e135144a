import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { create } from '@bufbuild/protobuf';
import { DurationSchema } from '@bufbuild/protobuf/wkt';
import { durationFromMs, durationToMs } from './duration.js';

describe('duration', () => {
  it('splits milliseconds into seconds and nanos', () => {
    const duration = durationFromMs(1500.25);
    assert.equal(duration.seconds, 1n);
    assert.equal(duration.nanos, 500_250_000);
    assert.equal(durationFromMs(0).seconds, 0n);
    assert.equal(durationFromMs(60_000).nanos, 0);
  });

  it('keeps the sign on both parts of negative durations, as the spec requires', () => {
    const duration = durationFromMs(-1500);
    assert.equal(duration.seconds, -1n);
    assert.equal(duration.nanos, -500_000_000);
    assert.equal(durationToMs(duration), -1500);
  });

  it('round-trips whole and fractional milliseconds', () => {
    for (const ms of [0, 1, 999, 1000, 1001, 5_000, 90_061_001, 0.5, 12.345678]) {
      assert.ok(Math.abs(durationToMs(durationFromMs(ms)) - ms) < 1e-6, `${ms} ms`);
    }
  });

  it('reads an absent duration as 0 and a large one exactly enough', () => {
    assert.equal(durationToMs(undefined), 0);
    assert.equal(
      durationToMs(create(DurationSchema, { seconds: 86_400n * 365n, nanos: 1_000_000 })),
      31_536_000_001,
    );
  });

  it('refuses non-finite input', () => {
    assert.throws(() => durationFromMs(Number.POSITIVE_INFINITY), RangeError);
    assert.throws(() => durationFromMs(Number.NaN), /must be finite/);
  });
});
