import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fromTypedData } from '@functions-rpc/protocol';
import type { RunningHost } from '../host.js';
import { eventually, startTempApp, writeFunction, type TempAppHost } from '../testing/fixtures.js';
import { adminTriggerMetadata } from './admin-trigger-metadata.js';

describe('trigger metadata of admin API invocations', { timeout: 30_000 }, () => {
  let app: TempAppHost;
  let host: RunningHost;
  before(async () => {
    app = await startTempApp('fnrpc-admin-metadata-', (dir) =>
      writeFunction(
        dir,
        'manual',
        [{ type: 'manualTrigger', direction: 'in', name: 'order' }],
        "module.exports = async function (context) { context.log('metadata ' + JSON.stringify(context.bindingData)); };\n",
      ),
    );
    host = app.host;
  });
  after(() => app?.dispose());

  it("gives a JSON-object input's top-level properties, as the reference host binds them", async () => {
    const input = JSON.stringify({
      orderId: 7,
      item: 'tea',
      rush: true,
      address: { city: 'Oslo' },
      tags: ['a'],
      none: null,
    });
    const response = await host.fetch('/admin/functions/manual', {
      method: 'POST',
      body: JSON.stringify({ input }),
    });
    assert.equal(response.status, 202);
    await eventually(() => host.logs.some((r) => r.message.startsWith('metadata ')), 5000, 'the invocation');
    const logged = host.logs
      .find((r) => r.message.startsWith('metadata '))!
      .message.slice('metadata '.length);
    const seen = JSON.parse(logged) as Record<string, unknown>;
    // Sent as the text '7'; the worker attempts JSON.parse on string metadata, as Microsoft's does.
    assert.equal(seen['orderId'], 7);
    assert.equal(seen['item'], 'tea');
    assert.equal(seen['rush'], 'True');
    assert.deepEqual(seen['address'], { city: 'Oslo' });
    assert.equal('tags' in seen, false);
    assert.equal('none' in seen, false);
  });
});

describe('adminTriggerMetadata', () => {
  it('makes a queue message of the text, never stored: dequeue count 0, times as the reference host', () => {
    const metadata = adminTriggerMetadata('queueTrigger', 'hello');
    const plain = Object.fromEntries(
      Object.entries(metadata).map(([key, value]) => [key, fromTypedData(value)]),
    );
    assert.equal(plain['QueueTrigger'], 'hello');
    assert.equal(plain['DequeueCount'], 0);
    assert.equal(plain['ExpirationTime'], '9999-12-31T23:59:59.9999999+00:00');
    assert.equal(plain['NextVisibleTime'], '9999-12-31T23:59:59.9999999+00:00');
    assert.match(String(plain['InsertionTime']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}\+00:00$/);
    assert.equal('Id' in plain || 'PopReceipt' in plain, false);
    assert.deepEqual(Object.keys(adminTriggerMetadata('manualTrigger', '[1,2]')), []);
    assert.deepEqual(Object.keys(adminTriggerMetadata('manualTrigger', 'not json')), []);
  });
});
