import { create } from '@bufbuild/protobuf';
import { DurationSchema, type Duration } from '@bufbuild/protobuf/wkt';

/** Converts milliseconds to a `google.protobuf.Duration`; fractions below a nanosecond are dropped. */
export function durationFromMs(ms: number): Duration {
  if (!Number.isFinite(ms)) throw new RangeError(`A duration must be finite, got ${ms}.`);
  const seconds = Math.trunc(ms / 1000);
  const nanos = Math.round((ms - seconds * 1000) * 1e6);
  return create(DurationSchema, { seconds: BigInt(seconds), nanos });
}

/** Converts a `google.protobuf.Duration` to milliseconds; an absent duration is 0. */
export function durationToMs(duration: Duration | undefined): number {
  if (!duration) return 0;
  return Number(duration.seconds) * 1000 + duration.nanos / 1e6;
}
