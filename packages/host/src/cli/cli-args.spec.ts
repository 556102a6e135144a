import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCli } from './cli-args.js';

describe('parseCli', () => {
  it('reads the HTTP limits, timeouts in seconds', () => {
    const command = parseCli([
      'start',
      '--max-connections',
      '50',
      '--headers-timeout',
      '5',
      '--request-timeout',
      '0',
      '--max-request-bytes-in-flight',
      '1048576',
    ]);
    assert.equal(command.command, 'start');
    assert.deepEqual(command.command === 'start' && command.httpLimits, {
      maxConnections: 50,
      headersTimeoutMs: 5000,
      requestTimeoutMs: 0,
      maxRequestBytesInFlight: 1_048_576,
    });
    const plain = parseCli(['start']);
    assert.deepEqual(plain.command === 'start' && plain.httpLimits, {});
    assert.throws(
      () => parseCli(['start', '--max-connections', '0']),
      /--max-connections must be a whole number/,
    );
  });
});
