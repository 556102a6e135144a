import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ERROR_WINDOW_MS, RestartPolicy } from './restart-policy.js';

describe('RestartPolicy', () => {
  it('restarts with a doubling backoff within the budget, then further apart without end', () => {
    const policy = new RestartPolicy({
      processCount: 2,
      initialBackoffMs: 100,
      maxBackoffMs: 300,
      recoveryBackoffMs: 1000,
      maxRecoveryBackoffMs: 5000,
    });
    const decisions = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((now) => policy.recordError(now));
    assert.deepEqual(
      decisions.map((d) => d.delayMs),
      [100, 200, 300, 300, 300, 1000, 2000, 4000, 5000, 5000],
    );
    assert.deepEqual(
      decisions.map((d) => d.overBudget),
      [false, false, false, false, false, true, true, true, true, true],
    );
    assert.equal(policy.overBudget, true);
  });

  it('starts a new window when an error comes more than 30 minutes after the previous one', () => {
    const policy = new RestartPolicy({ processCount: 1 });
    for (let i = 0; i < 3; i++) policy.recordError(i);
    assert.equal(policy.overBudget, true);
    assert.deepEqual(policy.recordError(2 + ERROR_WINDOW_MS + 1), { delayMs: 100, overBudget: false });
    assert.equal(policy.errorCount, 1);
  });
});
