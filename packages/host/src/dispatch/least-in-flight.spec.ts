import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LeastInFlight } from './least-in-flight.js';

describe('LeastInFlight', () => {
  it('picks the least busy candidate and rotates among equals', () => {
    const selector = new LeastInFlight();
    const a = { name: 'a', inFlight: 0 };
    const b = { name: 'b', inFlight: 0 };
    const c = { name: 'c', inFlight: 2 };
    assert.deepEqual([selector.pick([a, b, c]), selector.pick([a, b, c])].map((x) => x?.name).sort(), [
      'a',
      'b',
    ]);
    a.inFlight = 5;
    assert.equal(selector.pick([a, b, c])?.name, 'b');
    assert.equal(selector.pick([]), undefined);
  });
});
