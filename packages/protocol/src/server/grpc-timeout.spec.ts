import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseGrpcTimeout } from './grpc-timeout.js';

describe('parseGrpcTimeout', () => {
  it('reads each unit', () => {
    assert.equal(parseGrpcTimeout('2H'), 7_200_000);
    assert.equal(parseGrpcTimeout('3M'), 180_000);
    assert.equal(parseGrpcTimeout('4S'), 4000);
    assert.equal(parseGrpcTimeout('250m'), 250);
    assert.equal(parseGrpcTimeout('5000u'), 5);
    assert.equal(parseGrpcTimeout('99999999n'), 99.999999);
  });

  it('refuses more than eight digits, no unit, or anything else', () => {
    for (const value of ['123456789S', '10', 'S', '1.5S', '-1S', '10 S', '10s']) {
      assert.equal(parseGrpcTimeout(value), undefined, value);
    }
  });
});
