import { create } from '@bufbuild/protobuf';
import { timestampDate, timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  NullableBoolSchema,
  NullableDoubleSchema,
  NullableStringSchema,
  NullableTimestampSchema,
  type NullableBool,
  type NullableDouble,
  type NullableString,
  type NullableTimestamp,
} from './gen/shared/NullableTypes_pb.js';

/** Wraps a string that may be null; `""` stays a present value, null and undefined become no wrapper. */
export function nullableString(value: string | null | undefined): NullableString | undefined {
  return value === null || value === undefined
    ? undefined
    : create(NullableStringSchema, { string: { case: 'value', value } });
}

/** Wraps a number that may be null; 0 stays a present value. */
export function nullableDouble(value: number | null | undefined): NullableDouble | undefined {
  return value === null || value === undefined
    ? undefined
    : create(NullableDoubleSchema, { double: { case: 'value', value } });
}

/** Wraps a boolean that may be null; false stays a present value. */
export function nullableBool(value: boolean | null | undefined): NullableBool | undefined {
  return value === null || value === undefined
    ? undefined
    : create(NullableBoolSchema, { bool: { case: 'value', value } });
}

/** Wraps a date that may be null. */
export function nullableTimestamp(value: Date | null | undefined): NullableTimestamp | undefined {
  return value === null || value === undefined
    ? undefined
    : create(NullableTimestampSchema, { timestamp: { case: 'value', value: timestampFromDate(value) } });
}

/** Reads any nullable wrapper: its value when set, otherwise undefined. Timestamps come back as Dates. */
export function fromNullable(value: NullableString | undefined): string | undefined;
export function fromNullable(value: NullableDouble | undefined): number | undefined;
export function fromNullable(value: NullableBool | undefined): boolean | undefined;
export function fromNullable(value: NullableTimestamp | undefined): Date | undefined;
export function fromNullable(
  value: NullableString | NullableDouble | NullableBool | NullableTimestamp | undefined,
): string | number | boolean | Date | undefined {
  if (!value) return undefined;
  switch (value.$typeName) {
    case 'NullableString':
      return value.string.value;
    case 'NullableDouble':
      return value.double.value;
    case 'NullableBool':
      return value.bool.value;
    case 'NullableTimestamp':
      return value.timestamp.value ? timestampDate(value.timestamp.value) : undefined;
  }
}
