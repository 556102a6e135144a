import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { describe, it } from 'node:test';
import { AppSettings } from '../../storage/app-settings.js';
import { PollingBackoff } from './polling-backoff.js';
import { decodeMessage, encodeMessage } from './queue-encoding.js';
import { poisonQueueName, resolveQueueName } from './queue-names.js';
import { readQueueOptions } from './queue-options.js';

describe('queue settings', () => {
  it('has the reference defaults, with 2 s polling in Development', () => {
    const options = readQueueOptions(undefined, new AppSettings({}));
    assert.deepEqual(options, {
      batchSize: 16,
      newBatchThreshold: 8 * availableParallelism(),
      maxPollingIntervalMs: 2000,
      visibilityTimeoutMs: 0,
      maxDequeueCount: 5,
      messageEncoding: 'base64',
      messageLeaseMs: 600_000,
    });
    const production = new AppSettings({ AZURE_FUNCTIONS_ENVIRONMENT: 'Production', WEBSITE_SKU: 'Dynamic' });
    const prod = readQueueOptions({ BatchSize: 5 }, production);
    assert.equal(prod.maxPollingIntervalMs, 60_000);
    assert.equal(prod.newBatchThreshold, 2, '(batchSize / 2) * 1 processor on Consumption');
  });

  it('reads host.json extensions.queues and rejects values out of range', () => {
    const settings = new AppSettings({});
    const options = readQueueOptions(
      { visibilityTimeout: '00:00:30', maxPollingInterval: '00:00:05', messageEncoding: 'None' },
      settings,
    );
    assert.equal(options.visibilityTimeoutMs, 30_000);
    assert.equal(options.maxPollingIntervalMs, 5000);
    assert.equal(options.messageEncoding, 'none');
    assert.throws(
      () => readQueueOptions({ batchSize: 33 }, settings),
      /batchSize must be an integer from 1 to 32/,
    );
    assert.throws(() => readQueueOptions({ messageEncoding: 'utf8' }, settings), /"base64" or "none"/);
    assert.throws(() => readQueueOptions({ maxPollingInterval: '00:00:00' }, settings), /maxPollingInterval/);
  });

  it('resolves %settings% in queue names, lower-cases and validates them', () => {
    const settings = new AppSettings({ Name: 'My-Orders' });
    assert.equal(resolveQueueName('%Name%', settings), 'my-orders');
    assert.throws(() => resolveQueueName('a--b', settings), /Invalid queue name: a--b/);
    assert.throws(() => resolveQueueName('orders-{id}', settings), /not supported by this host yet/);
    assert.throws(() => resolveQueueName('%Unset%', settings), /'%Unset%' does not resolve to a value/);
    assert.equal(poisonQueueName('orders'), 'orders-poison');
    assert.equal(poisonQueueName('orders-poison'), undefined);
    assert.equal(poisonQueueName('q'.repeat(60)), undefined);
  });

  it('encodes base64 or not at all, and refuses text that is not base64', () => {
    const body = Buffer.from('{"a":1} é');
    assert.equal(decodeMessage(encodeMessage(body, 'base64'), 'base64')?.toString(), body.toString());
    assert.equal(encodeMessage(body, 'none'), body.toString());
    assert.equal(decodeMessage('plain text', 'none')?.toString(), 'plain text');
    assert.equal(decodeMessage('not base64!', 'base64'), undefined);
    assert.equal(decodeMessage('YWJj\nZA==', 'base64')?.toString(), 'abcd');
  });

  it('backs off exponentially with jitter up to the maximum, and starts over after work', () => {
    const backoff = new PollingBackoff(1000);
    const middle = (): number => 0.5;
    const delays = Array.from({ length: 7 }, () => backoff.next(middle));
    assert.deepEqual(delays, [100, 200, 300, 500, 900, 1000, 1000]);
    backoff.reset();
    assert.equal(backoff.next(middle), 100);
  });
});
