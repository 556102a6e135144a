import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HostLogger, recordBytes } from './host-logger.js';

describe('HostLogger', () => {
  it('keeps at most `keep` records, dropping the oldest', () => {
    const logger = new HostLogger({ keep: 3 });
    for (let i = 0; i < 5; i++) logger.log('Information', 'Host', `line ${i}`);
    assert.deepEqual(
      logger.records.map((record) => record.message),
      ['line 2', 'line 3', 'line 4'],
    );
  });

  it('keeps no record with `keep` 0 but still passes each to the sink', () => {
    const printed: string[] = [];
    const logger = new HostLogger({ keep: 0, sink: (record) => printed.push(record.message) });
    logger.log('Information', 'Host', 'one');
    logger.logAlways('Debug', 'Host', 'two');
    assert.deepEqual(logger.records, []);
    assert.equal(logger.bytes, 0);
    assert.deepEqual(printed, ['one', 'two']);
  });

  it('keeps at most about `keepBytes` of records, dropping the oldest', () => {
    const logger = new HostLogger({ keepBytes: 100_000 });
    const big = 'x'.repeat(20_000);
    for (let i = 0; i < 10; i++) logger.log('Information', 'Function.hello.User', `${i} ${big}`);
    const kept = logger.records.map((record) => Number(record.message.split(' ')[0]));
    assert.deepEqual(kept, [8, 9]);
    assert.ok(logger.bytes <= 100_000, `${logger.bytes} bytes kept`);
    assert.equal(
      logger.bytes,
      logger.records.reduce((sum, record) => sum + recordBytes(record), 0),
    );
  });

  it('always keeps the newest record, however large', () => {
    const logger = new HostLogger({ keepBytes: 1000 });
    logger.log('Information', 'Host', 'small');
    logger.log('Error', 'Host', 'y'.repeat(10_000));
    assert.deepEqual(
      logger.records.map((record) => record.message.length),
      [10_000],
    );
  });
});
