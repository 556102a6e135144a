import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ERROR_WINDOW_MS, RestartPolicy } from './restart-policy.js';

describe('RestartPolicy', () => {
  it('restarts with a doubling backoff until the 3 x processCount-th error in the window', () => {
    const policy = new RestartPolicy({ processCount: 2, initialBackoffMs: 100, maxBackoffMs: 300 });
    const delays = [0, 1, 2, 3, 4, 5].map((now) => policy.recordError(now));
    assert.deepEqual(delays, [100, 200, 300, 300, 300, undefined]);
  });

  it('starts a new window when an error comes more than 30 minutes after the previous one', () => {
    const policy = new RestartPolicy({ processCount: 1 });
    for (let i = 0; i < 2; i++) policy.recordError(i);
    assert.equal(typeof policy.recordError(1 + ERROR_WINDOW_MS + 1), 'number');
    assert.equal(policy.errorCount, 1);
  });
});
