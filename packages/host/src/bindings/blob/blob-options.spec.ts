import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { describe, it } from 'node:test';
import { readBlobOptions } from './blob-options.js';

describe('host.json extensions.blobs', () => {
  it('defaults as the reference host: 5 tries, 8 blobs at once per processor, a scan every 2 s', () => {
    assert.deepEqual(readBlobOptions({}), {
      poisonBlobThreshold: 5,
      maxDegreeOfParallelism: 8 * availableParallelism(),
      scanIntervalMs: 2000,
    });
  });

  it('reads its keys in any case', () => {
    const options = readBlobOptions({
      Blobs: { PoisonBlobThreshold: 2, MAXDEGREEOFPARALLELISM: '4', fnrpcScanInterval: '00:01:00' },
    });
    assert.deepEqual(options, { poisonBlobThreshold: 2, maxDegreeOfParallelism: 4, scanIntervalMs: 60_000 });
  });

  it('refuses values out of range, naming the setting', () => {
    assert.throws(() => readBlobOptions({ blobs: { maxDegreeOfParallelism: 0 } }), /maxDegreeOfParallelism/);
    assert.throws(() => readBlobOptions({ blobs: { poisonBlobThreshold: 1.5 } }), /poisonBlobThreshold/);
    assert.throws(() => readBlobOptions({ blobs: { fnrpcScanInterval: 5 } }), /fnrpcScanInterval/);
  });
});
