import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromNullable, nullableBool, nullableDouble, nullableString, nullableTimestamp } from './nullable.js';

describe('nullable wrappers', () => {
  it('turn null and undefined into no wrapper', () => {
    for (const make of [nullableString, nullableDouble, nullableBool, nullableTimestamp]) {
      assert.equal(make(null), undefined);
      assert.equal(make(undefined), undefined);
    }
  });

  it('keep default values present', () => {
    assert.deepEqual(nullableString('')?.string, { case: 'value', value: '' });
    assert.deepEqual(nullableDouble(0)?.double, { case: 'value', value: 0 });
    assert.deepEqual(nullableBool(false)?.bool, { case: 'value', value: false });
    assert.equal(nullableTimestamp(new Date(0))?.timestamp.case, 'value');
  });

  it('read back what was wrapped', () => {
    assert.equal(fromNullable(nullableString('')), '');
    assert.equal(fromNullable(nullableString('x')), 'x');
    assert.equal(fromNullable(nullableDouble(0)), 0);
    assert.equal(fromNullable(nullableDouble(-2.5)), -2.5);
    assert.equal(fromNullable(nullableBool(false)), false);
    assert.equal(fromNullable(nullableBool(true)), true);
    const when = new Date('2026-01-02T03:04:05.678Z');
    assert.deepEqual(fromNullable(nullableTimestamp(when)), when);
    assert.deepEqual(fromNullable(nullableTimestamp(new Date(0))), new Date(0));
  });

  it('read an absent wrapper, or one with no member set, as undefined', () => {
    assert.equal(fromNullable(undefined as Parameters<typeof fromNullable>[0]), undefined);
    const empty = nullableString('x')!;
    empty.string = { case: undefined };
    assert.equal(fromNullable(empty), undefined);
  });
});
