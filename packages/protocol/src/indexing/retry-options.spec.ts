import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { durationToMs } from '../duration.js';
import { RpcRetryOptions_RetryStrategy } from '../gen/FunctionRpc_pb.js';
import { allowsRetry, parseRetryOptions, retryDelayMs } from './retry-options.js';

describe('parseRetryOptions', () => {
  it('reads a fixed delay, whatever the strategy name’s case', () => {
    const options = parseRetryOptions({
      strategy: 'FixedDelay',
      maxRetryCount: 4,
      delayInterval: '00:00:02.5',
    });
    assert.equal(options.retryStrategy, RpcRetryOptions_RetryStrategy.fixed_delay);
    assert.equal(options.maxRetryCount, 4);
    assert.equal(durationToMs(options.delayInterval), 2500);
    assert.equal(options.minimumInterval, undefined);
  });

  it('reads exponential backoff with its two intervals', () => {
    const options = parseRetryOptions({
      strategy: 'exponentialBackoff',
      maxRetryCount: -1,
      minimumInterval: '00:00:01',
      maximumInterval: '00:15:00',
    });
    assert.equal(options.retryStrategy, RpcRetryOptions_RetryStrategy.exponential_backoff);
    assert.equal(options.maxRetryCount, -1);
    assert.equal(durationToMs(options.minimumInterval), 1000);
    assert.equal(durationToMs(options.maximumInterval), 900_000);
  });

  it('refuses what the reference host refuses, naming the field', () => {
    const fixed = { strategy: 'fixedDelay', maxRetryCount: 1, delayInterval: '00:00:01' };
    assert.throws(() => parseRetryOptions('often'), /"retry" must be an object/);
    assert.throws(() => parseRetryOptions({ ...fixed, strategy: 'linear' }), /retry\.strategy must be/);
    assert.throws(() => parseRetryOptions({ ...fixed, maxRetryCount: undefined }), /retry\.maxRetryCount/);
    assert.throws(() => parseRetryOptions({ ...fixed, maxRetryCount: -2 }), /at least -1, got -2/);
    assert.throws(() => parseRetryOptions({ ...fixed, maxRetryCount: 1.5 }), /retry\.maxRetryCount/);
    assert.throws(() => parseRetryOptions({ ...fixed, delayInterval: 5 }), /retry\.delayInterval must be/);
    assert.throws(
      () =>
        parseRetryOptions({
          strategy: 'exponentialBackoff',
          maxRetryCount: 1,
          minimumInterval: '00:01:00',
          maximumInterval: '00:00:10',
        }),
      /minimumInterval must not be greater than retry\.maximumInterval/,
    );
    assert.throws(
      () =>
        parseRetryOptions({ strategy: 'exponentialBackoff', maxRetryCount: 1, minimumInterval: '00:00:01' }),
      /retry\.maximumInterval must be/,
    );
  });
});

describe('retryDelayMs and allowsRetry', () => {
  it('waits the fixed delay before every retry', () => {
    const options = parseRetryOptions({
      strategy: 'fixedDelay',
      maxRetryCount: 2,
      delayInterval: '00:00:03',
    });
    assert.deepEqual(
      [1, 2].map((retry) => retryDelayMs(options, retry)),
      [3000, 3000],
    );
    assert.deepEqual(
      [1, 2, 3].map((retry) => allowsRetry(options, retry)),
      [true, true, false],
    );
  });

  it('doubles the minimum interval per retry up to the maximum; -1 retries for ever', () => {
    const options = parseRetryOptions({
      strategy: 'exponentialBackoff',
      maxRetryCount: -1,
      minimumInterval: '00:00:01',
      maximumInterval: '00:00:05',
    });
    assert.deepEqual(
      [1, 2, 3, 4, 5].map((retry) => retryDelayMs(options, retry)),
      [1000, 2000, 4000, 5000, 5000],
    );
    assert.equal(allowsRetry(options, 1_000_000), true);
  });
});
