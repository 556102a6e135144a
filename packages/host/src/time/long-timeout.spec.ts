import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startHost } from '../host.js';
import { testApp } from '../testing/fixtures.js';
import { MAX_TIMER_MS, setLongTimeout } from './long-timeout.js';

/** Collects the TimeoutOverflowWarnings Node emits (a timer armed beyond what it holds) while `run` runs. */
async function overflowWarnings(run: () => Promise<void>): Promise<string[]> {
  const warnings: string[] = [];
  const onWarning = (warning: Error): void => {
    if (warning.name === 'TimeoutOverflowWarning') warnings.push(warning.message);
  };
  process.on('warning', onWarning);
  try {
    await run();
    // Warnings are emitted on a later tick.
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('warning', onWarning);
  }
  return warnings;
}

describe('timeouts beyond what a Node.js timer holds (about 24.8 days)', { timeout: 30_000 }, () => {
  it('waits a delay longer than a timer holds without firing early, and can be cleared', async () => {
    let fired = false;
    const warnings = await overflowWarnings(async () => {
      const timer = setLongTimeout(() => (fired = true), MAX_TIMER_MS * 3);
      await new Promise((resolve) => setTimeout(resolve, 50));
      timer.clear();
    });
    assert.equal(fired, false);
    assert.deepEqual(warnings, []);
  });

  it('starts and serves an app with functionTimeout 30 days in host.json, 25 days and -1 per function', async () => {
    const warnings = await overflowWarnings(async () => {
      const host = await startHost({ appDir: testApp('long-timeout'), port: 0 });
      try {
        const slow = await host.fetch('/api/slow');
        assert.equal(slow.status, 200);
        assert.equal(await slow.text(), 'slow but in time');
        assert.equal((await host.fetch('/api/unbounded')).status, 200);
      } finally {
        await host.stop();
      }
    });
    assert.deepEqual(warnings, []);
  });
});
